using Canvass.Abstractions.Care;
using Canvass.Abstractions.Screening;
using Canvass.Grains.Rollup;
using Canvass.Grains.Screening;
using Canvass.Storage;

namespace Canvass.Grains.Care;

/// <summary>
/// A site grain's care calls: each turns a batch or a step into care events, journals them (durable before they are
/// applied), and applies the journaled rows themselves, so that what a replay applies is exactly what was applied
/// live. Returns whether the site changed; the grain then flushes and snapshots as for every other event.
/// </summary>
internal sealed class SiteCare(string siteId, SiteState state, SiteRecords records, CareRules rules, ScreeningClock clock)
{
    private CareState Care => state.Care;

    public async Task<(ReportResult[] Results, bool Changed)> PlaceAsync(QuarantinePlacement[] items, string? submittedBy)
    {
        var results = new ReportResult[items.Length];
        var claimed = new Dictionary<int, string>();
        var fresh = await BatchTriage.NewReportsAsync(items, results, static q => CareJournal.QuarantinePrefix + q.QuarantineId,
            q => RejectPlacement(q, claimed), q => Care.CheckQuarantine(q.QuarantineId), ids => records.SeenAsync(state, ids));
        var rows = fresh.ConvertAll(i => items[i]).Select((q, k) =>
            new QuarantinePlaced(q.QuarantineId, q.Household, q.Kind, q.Start.UtcTicks, q.PlannedEnd.UtcTicks, q.Residents).ToRecord(records.Sequence + 1 + k, submittedBy));
        return (results, await JournalAsync(rows.ToArray()));
    }

    public async Task<(ReportResult[] Results, bool Changed)> CheckAsync(HealthCheck[] items, string? submittedBy)
    {
        var results = new ReportResult[items.Length];
        var fresh = await BatchTriage.NewReportsAsync(items, results, static c => CareJournal.CheckPrefix + c.CheckId, RejectCheck,
            c => Care.CheckHealthCheck(Care.QuarantineAt(c.Household, c.At.UtcTicks)!, c.At.UtcTicks, ReportIdHash.Of(c.CheckId)),
            ids => records.SeenAsync(state, ids));
        await AnswerResentChecksAsync(items, results);
        var rows = fresh.ConvertAll(i => items[i]).Select((c, k) => new HealthChecked(c.CheckId, c.Household, c.At.UtcTicks,
            c.Readings.Count(r => r.Status == ReadingStatus.Normal), c.Readings.Count(r => r.Status == ReadingStatus.Fever),
            c.Readings.Max(r => r.Temperature)).ToRecord(records.Sequence + 1 + k, submittedBy));
        return (results, await JournalAsync(rows.ToArray()));
    }

    public async Task<(ReportResult[] Results, bool Changed)> RequestAsync(CareRequestItem[] items, string? submittedBy)
    {
        var results = new ReportResult[items.Length];
        var fresh = await BatchTriage.NewReportsAsync(items, results, static r => CareJournal.CarePrefix + r.CareId, RejectRequest,
            r => Care.CheckRequest(r.CareId), ids => records.SeenAsync(state, ids));
        var rows = fresh.ConvertAll(i => items[i]).Select((r, k) =>
            new CareRequested(r.CareId, r.Household, r.Category, r.Note, r.RequestedAt.UtcTicks, submittedBy).ToRecord(records.Sequence + 1 + k));
        return (results, await JournalAsync(rows.ToArray()));
    }

    public async Task<(QuarantineOutcome Outcome, bool Changed)> ExtendAsync(string id, DateTimeOffset plannedEnd, string? subject)
    {
        if (Care.Quarantine(id) is not { } q)
        {
            return (new QuarantineOutcome(CareOutcomeStatus.Unknown, null, $"site {siteId} holds no quarantine '{id}'."), false);
        }

        if (!q.IsOpen)
        {
            return (OutOfOrder(q, $"quarantine '{id}' has ended; it cannot be extended."), false);
        }

        if (plannedEnd.UtcTicks <= q.StartTicks)
        {
            return (OutOfOrder(q, $"plannedEnd must be after the quarantine's start ({rules.Local(q.StartTicks):O})."), false);
        }

        if (plannedEnd.UtcTicks == q.PlannedEndTicks)
        {
            return (Done(q), false);
        }

        var row = new QuarantineExtended(id, q.Household, plannedEnd.UtcTicks, clock.UtcNow.UtcTicks).ToRecord(records.Sequence + 1, subject);
        var changed = await JournalAsync([row]);
        return (Done(q), changed);
    }

    public async Task<(QuarantineOutcome Outcome, bool Changed)> EndAsync(string id, DateTimeOffset at, string? subject)
    {
        if (Care.Quarantine(id) is not { } q)
        {
            return (new QuarantineOutcome(CareOutcomeStatus.Unknown, null, $"site {siteId} holds no quarantine '{id}'."), false);
        }

        if (!q.IsOpen)
        {
            // Ended before: the same step again changes nothing.
            return (Done(q), false);
        }

        if (at.UtcTicks < q.StartTicks)
        {
            return (OutOfOrder(q, $"at must not be before the quarantine's start ({rules.Local(q.StartTicks):O})."), false);
        }

        var row = new QuarantineEnded(id, q.Household, at.UtcTicks).ToRecord(records.Sequence + 1, subject);
        var changed = await JournalAsync([row]);
        return (Done(q), changed);
    }

    public async Task<(CareStepOutcome Outcome, bool Changed)> StepAsync(string id, CareStep step, string? reason, DateTimeOffset at, string? subject)
    {
        if (Care.Request(id) is not { } r)
        {
            return (new CareStepOutcome(CareOutcomeStatus.Unknown, null, $"site {siteId} holds no open or recent care request '{id}'."), false);
        }

        if (step is not (CareStep.Accept or CareStep.Deliver or CareStep.Cancel))
        {
            return (new CareStepOutcome(CareOutcomeStatus.OutOfOrder, Record(r), "step must be accept, deliver or cancel."), false);
        }

        switch (CareState.Follows(r.State, step))
        {
            case StepFit.Repeat:
                return (new CareStepOutcome(CareOutcomeStatus.Done, Record(r), null), false);
            case StepFit.OutOfOrder:
                return (new CareStepOutcome(CareOutcomeStatus.OutOfOrder, Record(r), $"care request '{id}' is {Name(r.State)}; it cannot be {Past(step)}."), false);
        }

        if (at.UtcTicks < r.History[^1].AtTicks)
        {
            return (new CareStepOutcome(CareOutcomeStatus.OutOfOrder, Record(r), $"at must not be before the request's last step ({rules.Local(r.History[^1].AtTicks):O})."), false);
        }

        var row = new CareStepped(id, r.Household, step, at.UtcTicks, step == CareStep.Cancel ? reason : null, subject).ToRecord(records.Sequence + 1);
        var changed = await JournalAsync([row]);
        return (new CareStepOutcome(CareOutcomeStatus.Done, Record(r), null), changed);
    }

    public IReadOnlyList<Quarantine> Quarantines()
    {
        var now = clock.UtcNow.UtcTicks;
        var today = rules.DayStart(now);
        var list = Care.Quarantines.Where(q => q.IsOpen || q.EndedAtTicks >= today).Select(q => CareView.ToRecord(siteId, q, rules, now)).ToList();
        list.Sort(CareOrder.Quarantines);
        return list;
    }

    public IReadOnlyList<CareRequest> Requests(CareListState listState)
    {
        var now = clock.UtcNow.UtcTicks;
        var today = rules.DayStart(now);
        var list = Care.Requests.Where(r => listState switch
            {
                CareListState.Overdue => r.IsOpen && CareView.DueBy(r, rules) <= now,
                CareListState.Delivered => r.State == CareRequestState.Delivered && r.ClosedAtTicks >= today && r.ClosedAtTicks <= now,
                _ => r.IsOpen,
            })
            .Select(r => CareView.ToRecord(siteId, r, rules, now)).ToList();
        list.Sort(CareOrder.Requests);
        return list;
    }

    public Quarantine? Quarantine(string id) => Care.Quarantine(id) is { } q ? CareView.ToRecord(siteId, q, rules, clock.UtcNow.UtcTicks) : null;

    public CareRequest? Request(string id) => Care.Request(id) is { } r ? Record(r) : null;

    private string? RejectPlacement(QuarantinePlacement q, Dictionary<int, string> claimed)
    {
        if (HouseholdError(q.Household) is { } error)
        {
            return error;
        }

        if (q.Kind == QuarantineKind.Unknown || q.PlannedEnd <= q.Start || q.Residents is < 1 or > ScreeningLimits.MaxResidentsPerHousehold)
        {
            return $"quarantine '{q.QuarantineId}' needs a known kind, a plannedEnd after its start and 1..{ScreeningLimits.MaxResidentsPerHousehold} residents.";
        }

        var open = Care.OpenQuarantineOf(q.Household)?.Id ?? claimed.GetValueOrDefault(q.Household);
        if (open is not null && open != q.QuarantineId)
        {
            return $"household {q.Household} of site {siteId} is already under quarantine '{open}'.";
        }

        claimed[q.Household] = q.QuarantineId;
        return null;
    }

    private string? RejectCheck(HealthCheck c)
    {
        if (HouseholdError(c.Household) is { } error)
        {
            return error;
        }

        if (c.Readings is not { Length: > 0 and <= ScreeningLimits.MaxResidentsPerHousehold } || Array.Exists(c.Readings, r => r.Status == ReadingStatus.Unknown))
        {
            return $"check '{c.CheckId}' needs 1..{ScreeningLimits.MaxResidentsPerHousehold} readings, each normal or fever.";
        }

        return Care.QuarantineAt(c.Household, c.At.UtcTicks) is null
            ? $"household {c.Household} of site {siteId} is not under quarantine at {rules.Local(c.At.UtcTicks):O}."
            : null;
    }

    /// <summary>
    /// A check of a quarantine compacted out (ended, its day over) is refused above as not under quarantine; if the
    /// journal holds its id, it was acknowledged then, and this is a resend after a lost reply: a duplicate.
    /// </summary>
    private async Task AnswerResentChecksAsync(HealthCheck[] items, ReportResult[] results)
    {
        if (Care.CompactedQuarantines == 0)
        {
            return;
        }

        var refused = Enumerable.Range(0, items.Length)
            .Where(i => results[i].Status == ReportStatus.Rejected && HouseholdError(items[i].Household) is null && Care.QuarantineAt(items[i].Household, items[i].At.UtcTicks) is null)
            .ToList();
        if (refused.Count == 0)
        {
            return;
        }

        var seen = await records.SeenAsync(state, [.. refused.Select(i => CareJournal.CheckPrefix + items[i].CheckId)]);
        foreach (var i in refused.Where(i => seen.Contains(CareJournal.CheckPrefix + items[i].CheckId)))
        {
            results[i] = ReportResult.Duplicate;
        }
    }

    private string? RejectRequest(CareRequestItem r) =>
        HouseholdError(r.Household) ?? (r.Category == CareCategory.Unknown ? $"care request '{r.CareId}' needs a known category." : null);

    private string? HouseholdError(int household) =>
        household < 1 || household > state.Households ? $"household {household} is outside 1..{state.Households} for site {siteId}." : null;

    private async Task<bool> JournalAsync(JournalRecord[] rows)
    {
        if (rows.Length == 0)
        {
            return false;
        }

        // AppendAsync stamps each row with its journal time, which the state keeps (see CareState.AnchorTicks).
        await records.AppendAsync(state, rows);
        foreach (var row in rows)
        {
            row.ApplyCareTo(state);
        }

        return true;
    }

    private QuarantineOutcome Done(QuarantineEntry q) => new(CareOutcomeStatus.Done, CareView.ToRecord(siteId, q, rules, clock.UtcNow.UtcTicks), null);

    private QuarantineOutcome OutOfOrder(QuarantineEntry q, string error) => new(CareOutcomeStatus.OutOfOrder, CareView.ToRecord(siteId, q, rules, clock.UtcNow.UtcTicks), error);

    private CareRequest Record(CareEntry r) => CareView.ToRecord(siteId, r, rules, clock.UtcNow.UtcTicks);

    private static string Name(CareRequestState s) => s.ToString().ToLowerInvariant();

    private static string Past(CareStep step) => step switch
    {
        CareStep.Accept => "accepted",
        CareStep.Deliver => "delivered",
        _ => "cancelled",
    };
}
