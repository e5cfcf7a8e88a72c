using Canvass.Abstractions.Units;

namespace Canvass.Abstractions.Push;

/// <summary>
/// One coalesced flush of a unit: its summary, the children that changed (empty unless watched with children), and
/// when the grain flushed, so that gateways can measure push latency.
/// </summary>
[GenerateSerializer, Immutable, Alias("canvass.UnitChange")]
public sealed record UnitChange(
    [property: Id(0)] UnitSummary Unit,
    [property: Id(1)] IReadOnlyList<UnitSummary> Children,
    [property: Id(2)] DateTimeOffset FlushedAt);
