using Canvass.Abstractions.Units;

namespace Canvass.Abstractions.Push;

/// <summary>One coalesced flush of a unit: its summary and the children that changed (empty unless watched with children).</summary>
[GenerateSerializer, Immutable, Alias("canvass.UnitChange")]
public sealed record UnitChange(
    [property: Id(0)] UnitSummary Unit,
    [property: Id(1)] IReadOnlyList<UnitSummary> Children);
