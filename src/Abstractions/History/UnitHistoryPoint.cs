using Canvass.Abstractions.Units;

namespace Canvass.Abstractions.History;

/// <summary>A unit's summary as it was at <c>at</c> (the latest it had then), <c>at</c> in the registry's offset.</summary>
[GenerateSerializer, Immutable, Alias("canvass.UnitHistoryPoint")]
public sealed record UnitHistoryPoint(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] UnitSummary Summary);
