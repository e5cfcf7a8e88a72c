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

    /// <summary>
    /// Writes sites' screening rows as given (a rewrite of the same values changes nothing) and adds each one's
    /// difference from what the store held for that site and bucket to the same bucket's row of every ancestor, all
    /// in one transaction. Additions commute, so silos writing different sites' rows never conflict.
    /// </summary>
    Task WriteScreeningAsync(IReadOnlyList<ScreeningWrite> writes, CancellationToken cancellationToken = default);

    /// <summary>
    /// The unit's screening figures as of <paramref name="from"/> (the sum of its rows with at ≤ from; null when it has
    /// none) and its rows with from &lt; at ≤ <paramref name="to"/>, oldest first.
    /// </summary>
    Task<(long[]? Before, IReadOnlyList<ScreeningRow> Rows)> ScreeningAsync(string unitId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);

    /// <summary>Throws unless the store answers.</summary>
    Task PingAsync(CancellationToken cancellationToken = default);
}
