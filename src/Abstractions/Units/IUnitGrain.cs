using Canvass.Abstractions.Gaps;
using Orleans.Concurrency;

namespace Canvass.Abstractions.Units;

/// <summary>An aggregate unit (community, subdistrict, district, city...): the latest summary of each child.</summary>
[Alias("canvass.IUnitGrain")]
public interface IUnitGrain : ISummaryGrain
{
    /// <summary>A child's new summary; older versions than the one held are ignored.</summary>
    /// <remarks>
    /// Interleaves (the merge is synchronous), so that a sweep waiting on the tree never holds up flushes. One-way:
    /// it is most of the grain traffic (every flush of every unit), and a reply would only report delivery. A
    /// summary lost with a dead silo is repaired without it: a reactivated parent pulls all its children, and the
    /// root's sweep pulls the whole tree.
    /// </remarks>
    [Alias("ChildChanged"), AlwaysInterleave, OneWay]
    Task ChildChangedAsync(UnitSummary child);

    /// <summary>
    /// Pulls the current summary of every child (and, recursively, of every unit below), keeps any that is newer than
    /// the one held, and returns this unit's summary. Repairs what a crash kept from flowing up; reactivates what a
    /// dead silo took down.
    /// </summary>
    [Alias("Refresh"), AlwaysInterleave]
    Task<UnitSummary> RefreshAsync();

    /// <summary>
    /// The sites below with the worst gaps: stale first, then lowest coverage, then id; at most <paramref name="limit"/>.
    /// </summary>
    [Alias("GetGaps"), AlwaysInterleave]
    Task<IReadOnlyList<UnitSummary>> GetGapsAsync(int limit);

    /// <summary>
    /// The open alerts of the sites below, worst first (see <c>AlertOrder</c>), at most <paramref name="limit"/>; with
    /// <paramref name="escalatedTo"/>, only those that escalated to that unit (an ancestor-or-self of this one) or above.
    /// </summary>
    [Alias("GetAlerts"), AlwaysInterleave]
    Task<IReadOnlyList<GapAlert>> GetAlertsAsync(int limit, string? escalatedTo);

    /// <summary>
    /// The open quarantines of the sites below (those ended today only a site's own list shows), those with a missed
    /// check or overdue to end first, at most <paramref name="limit"/>; only children whose summaries count open
    /// quarantines are asked.
    /// </summary>
    [Alias("GetQuarantines"), AlwaysInterleave]
    Task<IReadOnlyList<Quarantine>> GetQuarantinesAsync(int limit);

    /// <summary>
    /// The care requests in <paramref name="state"/> of the sites below, overdue first, then the oldest request
    /// first, at most <paramref name="limit"/>; only children whose summaries count such requests are asked.
    /// </summary>
    [Alias("GetCare"), AlwaysInterleave]
    Task<IReadOnlyList<CareRequest>> GetCareAsync(CareListState state, int limit);
}
