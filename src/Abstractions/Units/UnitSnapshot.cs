namespace Canvass.Abstractions.Units;

/// <summary>A unit's summary with, when asked for, its children's.</summary>
[GenerateSerializer, Immutable, Alias("canvass.UnitSnapshot")]
public sealed record UnitSnapshot(
    [property: Id(0)] UnitSummary Unit,
    [property: Id(1)] IReadOnlyList<UnitSummary> Children);
