namespace Canvass.Abstractions.History;

/// <summary>
/// Reads of unit history, for a gateway that has no access to the store itself. A stateless worker: call it with
/// key 0, and each silo answers from the store.
/// </summary>
[Alias("canvass.IHistoryGrain")]
public interface IHistoryGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The figures as of <paramref name="from"/> (the latest point at or before it, when there is one and no point
    /// falls exactly on it), then the points up to <paramref name="to"/>, oldest first; at most <paramref name="limit"/>
    /// from the range.
    /// </summary>
    [Alias("Range")]
    Task<IReadOnlyList<UnitHistoryPoint>> RangeAsync(string unitId, DateTimeOffset from, DateTimeOffset to, int limit);

    /// <summary>The unit's figures as of <paramref name="at"/>: its latest point at or before it, or null when there is none.</summary>
    [Alias("AsOf")]
    Task<UnitHistoryPoint?> AsOfAsync(string unitId, DateTimeOffset at);

    /// <summary>
    /// The history by screening time: as <see cref="RangeAsync"/>, with the screening figures of each point counting
    /// each household's latest report screened by then and the checkpoint figures the checkpoint reports timed by
    /// then, points also at the buckets reports fall in, and each point within <c>History:LateWindow</c> of now
    /// marked provisional.
    /// </summary>
    [Alias("RangeScreened")]
    Task<IReadOnlyList<UnitHistoryPoint>> RangeByScreeningAsync(string unitId, DateTimeOffset from, DateTimeOffset to, int limit);

    /// <summary>The unit's figures as of <paramref name="at"/> by screening time (see <see cref="RangeByScreeningAsync"/>), or null when there is none.</summary>
    [Alias("AsOfScreened")]
    Task<UnitHistoryPoint?> AsOfByScreeningAsync(string unitId, DateTimeOffset at);

    /// <summary>Each unit's figures as of <paramref name="at"/>, in one read; units with no point that early are left out.</summary>
    [Alias("AsOfMany")]
    Task<IReadOnlyList<UnitHistoryPoint>> AsOfManyAsync(IReadOnlyList<string> unitIds, DateTimeOffset at);
}
