namespace Canvass.Storage.History;

/// <summary>
/// A unit's summary as of <paramref name="At"/>: the latest summary the unit had at that instant (UTC, the end of
/// the minute the point describes). <paramref name="Summary"/> is JSON text that storage keeps as it is.
/// </summary>
public sealed record HistoryPoint(string UnitId, DateTimeOffset At, string Summary);
