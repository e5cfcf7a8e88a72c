namespace Canvass.Client.Models;

/// <summary>A unit's figures as of <see cref="At"/>: the latest summary it had then.</summary>
public sealed record UnitHistoryPoint(DateTimeOffset At, UnitSummary Summary);
