namespace Canvass.Storage.History;

/// <summary>
/// Every unit's summary over time, in the store rather than in grain memory. One point per unit per minute it
/// changed; compaction thins points older than <see cref="HistoryOptions.FineRetention"/> to the last of each hour.
/// </summary>
public interface IUnitHistoryStore
{
    /// <summary>Writes the points in one transaction: all of them or none.</summary>
    Task AppendAsync(IReadOnlyList<HistoryPoint> points, CancellationToken cancellationToken = default);

    /// <summary>The unit's points with <paramref name="from"/> ≤ at ≤ <paramref name="to"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<HistoryPoint>> RangeAsync(string unitId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken = default);

    /// <summary>The unit's latest point with at ≤ <paramref name="at"/>, or null when it has none that early.</summary>
    Task<HistoryPoint?> AsOfAsync(string unitId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Each unit's latest point with at ≤ <paramref name="at"/>, in one read: the units with none that early are
    /// left out. For the daily report, which freezes every unit at once.
    /// </summary>
    Task<IReadOnlyList<HistoryPoint>> AsOfManyAsync(IReadOnlyList<string> unitIds, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Keeps, of the points older than <see cref="HistoryOptions.FineRetention"/> before <paramref name="now"/>, only
    /// the last of each hour per unit, and returns how many it removed. Hours are whole UTC hours that end at or
    /// before that cutoff; a point stamped on the hour (09:00) closes the hour before it (08:00–09:00), so that
    /// hourly points fall on the hour.
    /// </summary>
    Task<int> CompactAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Throws unless the store answers.</summary>
    Task PingAsync(CancellationToken cancellationToken = default);
}
