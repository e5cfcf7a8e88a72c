using Canvass.Abstractions.Care;
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

    /// <summary>
    /// The silence sweep found <paramref name="subject"/>'s team silent since its latest upload, at
    /// <paramref name="since"/>, made to this site: a <c>teamSilent</c> alert until its shift ends or the team is
    /// heard from. Durable before this returns; a repeat, or one after the shift, changes nothing.
    /// </summary>
    [Alias("RaiseTeamSilence")]
    Task RaiseTeamSilenceAsync(string subject, DateTimeOffset since);

    /// <summary>
    /// The team silent here since <paramref name="since"/> uploaded again at <paramref name="heardAt"/> (to another
    /// site: anything it sends here clears it at once). Durable before this returns; nothing held, nothing changes.
    /// </summary>
    [Alias("ClearTeamSilence")]
    Task ClearTeamSilenceAsync(string subject, DateTimeOffset since, DateTimeOffset heardAt);

    /// <summary>
    /// Places households under quarantine; one result per item, in order. A household already under an open
    /// quarantine with another id is rejected with a named error; the same id again is a duplicate.
    /// </summary>
    [Alias("ApplyQuarantines")]
    Task<ReportResult[]> ApplyQuarantinesAsync(QuarantinePlacement[] items, string? submittedBy = null);

    /// <summary>Moves an open quarantine's planned end; durable before this returns.</summary>
    [Alias("ExtendQuarantine")]
    Task<QuarantineOutcome> ExtendQuarantineAsync(string quarantineId, DateTimeOffset plannedEnd, string? subject = null);

    /// <summary>Ends an open quarantine at <paramref name="at"/>; its open care requests stay open.</summary>
    [Alias("EndQuarantine")]
    Task<QuarantineOutcome> EndQuarantineAsync(string quarantineId, DateTimeOffset at, string? subject = null);

    /// <summary>
    /// Records health checks; one result per item, in order. A household not under quarantine at the check's time is
    /// rejected with a named error. A check meets the due slots of <c>Care:CheckTimes</c> around it.
    /// </summary>
    [Alias("ApplyHealthChecks")]
    Task<ReportResult[]> ApplyHealthChecksAsync(HealthCheck[] items, string? submittedBy = null);

    /// <summary>Records care requests (any household of the site); one result per item, in order.</summary>
    [Alias("ApplyCareRequests")]
    Task<ReportResult[]> ApplyCareRequestsAsync(CareRequestItem[] items, string? submittedBy = null);

    /// <summary>
    /// Accepts, delivers or cancels a care request at <paramref name="at"/>, durable before this returns. Deliver
    /// needs no accept; a repeated step is done with the request unchanged; anything after delivered or cancelled is
    /// out of order. <paramref name="reason"/> is kept for a cancel.
    /// </summary>
    [Alias("StepCare")]
    Task<CareStepOutcome> StepCareAsync(string careId, CareStep step, string? reason, DateTimeOffset at, string? subject = null);

    /// <summary>The site's open quarantines, and those ended today, as of now.</summary>
    [Alias("GetQuarantines"), AlwaysInterleave]
    Task<IReadOnlyList<Quarantine>> GetQuarantinesAsync();

    /// <summary>The site's care requests in <paramref name="state"/> as of now, overdue first, then the oldest request first.</summary>
    [Alias("GetCare"), AlwaysInterleave]
    Task<IReadOnlyList<CareRequest>> GetCareAsync(CareListState state);

    /// <summary>One quarantine by its client id; null when the site holds none (never placed, or ended before today).</summary>
    [Alias("GetQuarantine"), AlwaysInterleave]
    Task<Quarantine?> GetQuarantineAsync(string quarantineId);

    /// <summary>One care request by its client id; null when the site holds none (never requested, or closed before today).</summary>
    [Alias("GetCareRequest"), AlwaysInterleave]
    Task<CareRequest?> GetCareRequestAsync(string careId);

    /// <summary>Every household's latest report, household 1 first.</summary>
    [Alias("GetHouseholds"), AlwaysInterleave]
    Task<IReadOnlyList<HouseholdStatus>> GetHouseholdsAsync();
}
