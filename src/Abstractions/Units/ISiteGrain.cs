using Canvass.Abstractions.Gaps;
using Canvass.Abstractions.Screening;
using Orleans.Concurrency;

namespace Canvass.Abstractions.Units;

/// <summary>One residential compound or urban village: the latest report of each of its households.</summary>
[Alias("canvass.ISiteGrain")]
public interface ISiteGrain : ISummaryGrain
{
    /// <summary>
    /// Applies a batch of this site's reports and returns one result per report, in order.
    /// A report is acknowledged only once this call has returned. <paramref name="submittedBy"/> is the subject of
    /// the token that submitted the batch, journaled with every report for audit (null: none known).
    /// </summary>
    [Alias("Apply")]
    Task<ReportResult[]> ApplyAsync(SiteReport[] reports, string? submittedBy = null);

    /// <summary>Applies a batch of checkpoint reports, acknowledged and journaled with their submitter like household reports.</summary>
    [Alias("ApplyCheckpoints")]
    Task<ReportResult[]> ApplyCheckpointsAsync(CheckpointReport[] reports, string? submittedBy = null);

    /// <summary>
    /// The site's open alerts as of now, those with at least <paramref name="minEscalations"/> escalations.
    /// </summary>
    [Alias("GetAlerts"), AlwaysInterleave]
    Task<IReadOnlyList<GapAlert>> GetAlertsAsync(int minEscalations);

    /// <summary>
    /// Acknowledges an open alert; the acknowledgement is durable before this returns. <paramref name="by"/> is the
    /// name given, <paramref name="subject"/> the token's subject that made the call; both are kept.
    /// </summary>
    [Alias("Acknowledge")]
    Task<AcknowledgeOutcome> AcknowledgeAsync(string alertId, string by, string note, string? subject = null);

    /// <summary>Every household's latest report, household 1 first.</summary>
    [Alias("GetHouseholds"), AlwaysInterleave]
    Task<IReadOnlyList<HouseholdStatus>> GetHouseholdsAsync();
}
