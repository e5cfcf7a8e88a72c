namespace Canvass.Storage.History;

/// <summary>The hour arithmetic that every backend's compaction shares, on UTC ticks.</summary>
internal static class HistoryHours
{
    public const long Hour = TimeSpan.TicksPerHour;

    /// <summary>The end of the hour a point belongs to: on the hour itself, or the next whole hour.</summary>
    public static long End(long atTicks) => (atTicks + Hour - 1) / Hour * Hour;

    /// <summary>The latest hour end whose whole hour is older than the fine retention.</summary>
    public static long Cutoff(DateTimeOffset now, TimeSpan fineRetention) => (now.UtcTicks - fineRetention.Ticks) / Hour * Hour;
}
