using Canvass.Contracts.Units;

namespace Canvass.Contracts.History;

/// <summary>A unit's summary as it was at <paramref name="At"/> (the latest it had then), at the registry's offset.</summary>
/// <param name="At">The instant the point stands for.</param>
/// <param name="Summary">The latest summary the unit had then.</param>
public sealed record UnitHistoryPoint(DateTimeOffset At, UnitSummary Summary);
