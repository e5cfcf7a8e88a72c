namespace Canvass.Storage.History;

/// <summary>How unit history is recorded and kept. Section <c>History</c>.</summary>
public sealed class HistoryOptions
{
    /// <summary>
    /// Spacing of recorded points: each unit that changed gets a point at every multiple of this (UTC). It must
    /// divide an hour. Default one minute.
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Points this recent are all kept; older ones are thinned to the last of each hour per unit. Default 48 hours.</summary>
    public TimeSpan FineRetention { get; set; } = TimeSpan.FromHours(48);

    /// <summary>How often a silo thins old points. Default one hour.</summary>
    public TimeSpan CompactionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a point of the history by screening time stays provisional: a late report may still revise points
    /// newer than now minus this; older points are final and never change (a report screened before then counts
    /// from the oldest provisional point). Must be positive. Default one day.
    /// </summary>
    public TimeSpan LateWindow { get; set; } = TimeSpan.FromDays(1);
}
