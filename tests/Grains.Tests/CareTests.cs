using Canvass.Abstractions.Care;
using Canvass.Abstractions.Gaps;
using Canvass.Abstractions.Units;
using Canvass.Grains.Gaps;
using Orleans.Core.Internal;
using static Canvass.Grains.Tests.CareCluster;

namespace Canvass.Grains.Tests;

/// <summary>
/// Quarantine, health checks and care requests through the real site and unit grains, on a fake screening clock the
/// tests move to the local times they need: checks due, missed, done late; fever findings; care overdue, delivered,
/// stepped out of order; escalation; extend and end; the day's rollover.
/// </summary>
public class CareTests(CareCluster fixture) : IClassFixture<CareCluster>
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_check_not_received_within_the_grace_is_missed_and_a_late_check_counts_as_done_and_clears_it()
    {
        var (site, grain) = fixture.Site(0);
        var start = fixture.AdvanceToLocal(7);
        await PlaceAsync(grain, "q-miss", 5, start);
        var summary = await grain.GetSummaryAsync();
        Assert.Equal((1L, 2, 0, 0), (summary.QuarantinedHouseholds.HomeQuarantine, summary.ChecksDueToday, summary.ChecksDone, summary.ChecksMissed));

        fixture.Clock.Advance(TimeSpan.FromHours(3) - Minute);
        Assert.DoesNotContain(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.CheckMissed);
        fixture.Clock.Advance(Minute);
        var missed = Assert.Single(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.CheckMissed);
        Assert.Equal((5, start.AddHours(3)), (missed.Household, missed.RaisedAt));
        Assert.Equal(1, (await grain.GetSummaryAsync()).ChecksMissed);
        var quarantine = (await grain.GetQuarantineAsync("q-miss"))!;
        Assert.Equal((true, start.AddHours(1)), (quarantine.CheckMissed, quarantine.NextCheckDueAt));
        Assert.Equal(AcknowledgeStatus.Acknowledged, (await grain.AcknowledgeAsync(missed.Id, "Li Wei", "calling them", "sup-1")).Status);
        await Eventually(() => fixture.Community(site).GetSummaryAsync(), s => s.ChecksMissed == 1, "the community to count the missed check");
        Assert.Equal("Li Wei", Assert.Single(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.CheckMissed).Acknowledgement?.By);

        fixture.Clock.Advance(TimeSpan.FromMinutes(50));
        var late = Check("k-late", 5, fixture.Clock.GetUtcNow());
        Assert.Equal(ReportStatus.Accepted, Assert.Single(await grain.ApplyHealthChecksAsync([late], "svc-1")).Status);

        Assert.DoesNotContain(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.CheckMissed);
        summary = await grain.GetSummaryAsync();
        Assert.Equal((2, 1, 0), (summary.ChecksDueToday, summary.ChecksDone, summary.ChecksMissed));
        quarantine = (await grain.GetQuarantineAsync("q-miss"))!;
        Assert.Equal((false, start.AddHours(9), late.At), (quarantine.CheckMissed, quarantine.NextCheckDueAt, quarantine.LastCheckAt));
        await Eventually(() => fixture.Community(site).GetSummaryAsync(), s => s.ChecksMissed == 0 && s.ChecksDone == 1, "the community to count the late check as done");
        Assert.Equal(ReportStatus.Duplicate, Assert.Single(await grain.ApplyHealthChecksAsync([late])).Status);
        var refused = Assert.Single(await grain.ApplyHealthChecksAsync([Check("k-other", 6, fixture.Clock.GetUtcNow())]));
        Assert.Equal(ReportStatus.Rejected, refused.Status);
        Assert.Contains("household 6", refused.Error, StringComparison.Ordinal);
        Assert.Contains("not under quarantine", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fever_at_a_check_is_a_finding_at_once_and_a_normal_check_after_it_clears_it()
    {
        var (_, grain) = fixture.Site(1);
        var start = fixture.AdvanceToLocal(7);
        await PlaceAsync(grain, "q-fever", 8, start);
        fixture.Clock.Advance(TimeSpan.FromMinutes(55));
        var at = fixture.Clock.GetUtcNow();

        await grain.ApplyHealthChecksAsync([new HealthCheck("k-fever", 8, at, [new(ReadingStatus.Fever, 38.7), new(ReadingStatus.Normal, 36.5)])]);

        var finding = Assert.Single(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.Finding);
        Assert.Equal((8, at), (finding.Household, finding.RaisedAt));
        Assert.Contains("fever at the health check", finding.Detail, StringComparison.Ordinal);
        Assert.Equal(1, (await grain.GetSummaryAsync()).ChecksDone);

        fixture.Clock.Advance(TimeSpan.FromHours(8));
        await grain.ApplyHealthChecksAsync([new HealthCheck("k-normal", 8, fixture.Clock.GetUtcNow(), [new(ReadingStatus.Normal, 36.6), new(ReadingStatus.Normal, null)])]);
        Assert.DoesNotContain(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.Finding);
    }

    [Fact]
    public async Task A_request_past_its_deadline_is_overdue_until_delivered_and_the_delivery_time_makes_the_median()
    {
        var (site, grain) = fixture.Site(2);
        var requested = fixture.AdvanceToLocal(9);
        Assert.Equal(ReportStatus.Accepted, Assert.Single(await grain.ApplyCareRequestsAsync([new CareRequestItem("c-med", 12, CareCategory.Medicine, "insulin", requested)], "svc-1")).Status);
        Assert.Equal((1, 0), Figures(await grain.GetSummaryAsync(), s => (s.CareOpen, s.CareOverdue)));

        fixture.Clock.Advance(TimeSpan.FromHours(2) - Minute);
        Assert.DoesNotContain(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.CareOverdue);
        fixture.Clock.Advance(Minute);
        var overdue = Assert.Single(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.CareOverdue);
        Assert.Equal((12, requested.AddHours(2)), (overdue.Household, overdue.RaisedAt));
        Assert.Contains("medicine", overdue.Detail, StringComparison.Ordinal);
        Assert.Equal("c-med", Assert.Single(await grain.GetCareAsync(CareListState.Overdue)).CareId);
        await Eventually(() => fixture.Community(site).GetCareAsync(CareListState.Overdue, 10), l => l.Any(r => r.CareId == "c-med" && r.Overdue), "the community's overdue list to hold the request");

        var delivered = await grain.StepCareAsync("c-med", CareStep.Deliver, null, fixture.Clock.GetUtcNow(), "svc-2");

        Assert.Equal(CareOutcomeStatus.Done, delivered.Status);
        Assert.Equal(CareRequestState.Delivered, delivered.Request!.State);
        Assert.Equal([(CareStep.Request, "svc-1"), (CareStep.Deliver, "svc-2")], delivered.Request.History.Select(h => (h.Step, h.Subject)));
        Assert.DoesNotContain(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.CareOverdue);
        var summary = await grain.GetSummaryAsync();
        Assert.Equal((0, 0, 1, 127.5), (summary.CareOpen, summary.CareOverdue, summary.CareDeliveredToday, summary.CareDeliveryMedianMinutes));
        Assert.Equal("c-med", Assert.Single(await grain.GetCareAsync(CareListState.Delivered)).CareId);
        await Eventually(() => fixture.Community(site).GetSummaryAsync(), s => s.CareOverdue == 0 && s.CareDeliveredToday == 1 && s.CareDeliveryMedianMinutes == 127.5,
            "the community to count the delivery");
    }

    [Fact]
    public async Task A_delivery_stamped_ahead_of_the_sites_clock_counts_when_its_time_comes_with_a_new_version()
    {
        var (site, grain) = fixture.Site(10);
        var requested = fixture.AdvanceToLocal(9);
        await grain.ApplyCareRequestsAsync([new CareRequestItem("c-ahead", 5, CareCategory.Water, null, requested)], "svc-1");
        fixture.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(CareOutcomeStatus.Done, (await grain.StepCareAsync("c-ahead", CareStep.Deliver, null, fixture.Clock.GetUtcNow().AddMinutes(3), "svc-2")).Status);
        var before = await grain.GetSummaryAsync();
        Assert.Equal((0, 0), (before.CareOpen, before.CareDeliveredToday));

        fixture.Clock.Advance(TimeSpan.FromMinutes(4));
        var after = await grain.GetSummaryAsync();
        Assert.Equal((1, 32.5), (after.CareDeliveredToday, after.CareDeliveryMedianMinutes ?? 0));
        Assert.True(after.Version > before.Version, $"{before.Version} -> {after.Version}");
        await Eventually(() => fixture.Community(site).GetSummaryAsync(), s => s.CareDeliveredToday == 1, "the community to count the delivery once its time came");
    }

    [Fact]
    public async Task Steps_out_of_order_are_refused_a_repeated_step_changes_nothing_and_an_unknown_request_is_unknown()
    {
        var (_, grain) = fixture.Site(3);
        var at = fixture.AdvanceToLocal(10);
        await grain.ApplyCareRequestsAsync([new("c-steps", 3, CareCategory.Groceries, null, at), new("c-direct", 4, CareCategory.Water, null, at), new("c-cancel", 5, CareCategory.Parcel, null, at)]);

        var accepted = await grain.StepCareAsync("c-steps", CareStep.Accept, null, at.AddMinutes(5), "svc-1");
        var again = await grain.StepCareAsync("c-steps", CareStep.Accept, null, at.AddMinutes(6), "svc-9");
        var delivered = await grain.StepCareAsync("c-steps", CareStep.Deliver, null, at.AddMinutes(40), "svc-1");
        var cancelAfter = await grain.StepCareAsync("c-steps", CareStep.Cancel, "no longer needed", at.AddMinutes(41), "svc-1");
        var direct = await grain.StepCareAsync("c-direct", CareStep.Deliver, null, at.AddMinutes(20), "svc-2");
        var cancelled = await grain.StepCareAsync("c-cancel", CareStep.Cancel, "family brought it", at.AddMinutes(30), "sup-1");
        var acceptAfter = await grain.StepCareAsync("c-cancel", CareStep.Accept, null, at.AddMinutes(31), "svc-1");
        var unknown = await grain.StepCareAsync("c-never", CareStep.Accept, null, at, "svc-1");

        Assert.Equal(CareOutcomeStatus.Done, accepted.Status);
        Assert.Equal((CareOutcomeStatus.Done, CareRequestState.Accepted, 2), (again.Status, again.Request!.State, again.Request.History.Count));
        Assert.Equal((CareOutcomeStatus.Done, CareRequestState.Delivered), (delivered.Status, delivered.Request!.State));
        Assert.Equal((CareOutcomeStatus.OutOfOrder, CareRequestState.Delivered), (cancelAfter.Status, cancelAfter.Request!.State));
        Assert.Contains("delivered", cancelAfter.Error, StringComparison.Ordinal);
        Assert.Equal((CareOutcomeStatus.Done, CareRequestState.Delivered), (direct.Status, direct.Request!.State));
        Assert.Equal("family brought it", cancelled.Request!.History[^1].Reason);
        Assert.Equal(CareOutcomeStatus.OutOfOrder, acceptAfter.Status);
        Assert.Equal((CareOutcomeStatus.Unknown, (CareRequest?)null), (unknown.Status, unknown.Request));
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        var summary = await grain.GetSummaryAsync();
        Assert.Equal((0, 2), (summary.CareOpen, summary.CareDeliveredToday));
        Assert.Equal(ReportStatus.Duplicate, Assert.Single(await grain.ApplyCareRequestsAsync([new("c-steps", 3, CareCategory.Groceries, null, at)])).Status);
    }

    [Fact]
    public async Task A_care_alert_nobody_acknowledges_escalates_and_an_acknowledgement_stops_it()
    {
        var (site, grain) = fixture.Site(4);
        var requested = fixture.AdvanceToLocal(11);
        await grain.ApplyCareRequestsAsync([new("c-esc", 2, CareCategory.Takeaway, null, requested)]);

        fixture.Clock.Advance(TimeSpan.FromHours(3));
        var alert = Assert.Single(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.CareOverdue);
        Assert.Equal((1, site.Parent!.Parent!.Id), (alert.Escalations, alert.ReachedUnitId));
        Assert.Equal(AcknowledgeStatus.Acknowledged, (await grain.AcknowledgeAsync(alert.Id, "Li Wei", "volunteer sent", "sup-1")).Status);

        fixture.Clock.Advance(TimeSpan.FromHours(4));
        alert = Assert.Single(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.CareOverdue);
        Assert.Equal((1, "Li Wei"), (alert.Escalations, alert.Acknowledgement!.By));
        await grain.StepCareAsync("c-esc", CareStep.Deliver, null, fixture.Clock.GetUtcNow(), "svc-1");
        Assert.DoesNotContain(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.CareOverdue);
    }

    [Fact]
    public async Task Extending_and_ending_a_quarantine_moves_it_and_a_household_takes_one_open_quarantine_at_a_time()
    {
        var (_, grain) = fixture.Site(5);
        var start = fixture.AdvanceToLocal(9);
        await PlaceAsync(grain, "q-end", 7, start);
        var second = Assert.Single(await grain.ApplyQuarantinesAsync([new("q-other", 7, QuarantineKind.KeyAreaObservation, start, start.AddDays(7), 1)]));
        Assert.Equal(ReportStatus.Rejected, second.Status);
        Assert.Contains("already under quarantine 'q-end'", second.Error, StringComparison.Ordinal);

        var extended = await grain.ExtendQuarantineAsync("q-end", start.AddDays(21), "sup-1");
        Assert.Equal((CareOutcomeStatus.Done, start.AddDays(21)), (extended.Status, extended.Quarantine!.PlannedEnd));
        var ended = await grain.EndQuarantineAsync("q-end", start.AddHours(2), "sup-1");
        Assert.Equal((CareOutcomeStatus.Done, start.AddHours(2)), (ended.Status, ended.Quarantine!.EndedAt));
        Assert.Equal(CareOutcomeStatus.Done, (await grain.EndQuarantineAsync("q-end", start.AddHours(3))).Status);
        Assert.Equal(CareOutcomeStatus.OutOfOrder, (await grain.ExtendQuarantineAsync("q-end", start.AddDays(30))).Status);
        Assert.Equal(CareOutcomeStatus.Unknown, (await grain.EndQuarantineAsync("q-never", start)).Status);

        Assert.Equal(start.AddHours(2), Assert.Single(await grain.GetQuarantinesAsync()).EndedAt);
        Assert.Equal(0, (await grain.GetSummaryAsync()).QuarantinedHouseholds.Total);
        Assert.Equal(ReportStatus.Accepted, Assert.Single(await grain.ApplyQuarantinesAsync([new("q-other", 7, QuarantineKind.KeyAreaObservation, start.AddHours(3), start.AddDays(7), 1)])).Status);
        Assert.Equal(1L, (await grain.GetSummaryAsync()).QuarantinedHouseholds.KeyAreaObservation);
    }

    [Fact]
    public async Task At_local_midnight_todays_figures_start_again_and_what_closed_yesterday_is_compacted_with_the_version_still_growing()
    {
        var (_, grain) = fixture.Site(6);
        var evening = fixture.AdvanceToLocal(20);
        await PlaceAsync(grain, "q-night", 3, evening, evening.AddHours(16));
        await grain.ApplyCareRequestsAsync([new("c-night", 4, CareCategory.Water, null, evening)]);
        await grain.StepCareAsync("c-night", CareStep.Deliver, null, evening.AddMinutes(30), "svc-1");
        fixture.Clock.Advance(TimeSpan.FromMinutes(30));
        var versions = new List<long>();
        var summary = await grain.GetSummaryAsync();
        versions.Add(summary.Version);
        Assert.Equal((1, 0, 0, 32.5), (summary.CareDeliveredToday, summary.ChecksDueToday, summary.QuarantinesEndingToday, summary.CareDeliveryMedianMinutes));

        fixture.AdvanceToLocal(0);
        fixture.Clock.Advance(Minute);
        summary = await grain.GetSummaryAsync();
        versions.Add(summary.Version);
        Assert.Equal((0, 2, 1, (double?)null), (summary.CareDeliveredToday, summary.ChecksDueToday, summary.QuarantinesEndingToday, summary.CareDeliveryMedianMinutes));
        await Eventually(() => grain.GetCareRequestAsync("c-night"), r => r is null, "the request delivered yesterday to be compacted out");
        versions.Add((await grain.GetSummaryAsync()).Version);
        Assert.Equal(ReportStatus.Duplicate, Assert.Single(await grain.ApplyCareRequestsAsync([new("c-night", 4, CareCategory.Water, null, evening)])).Status);

        fixture.AdvanceToLocal(12);
        summary = await grain.GetSummaryAsync();
        versions.Add(summary.Version);
        // 08:00 went unchecked; 16:00 is still to come.
        Assert.Equal((1, 1, 1), (summary.QuarantinesOverdue, summary.QuarantinesEndingToday, summary.ChecksMissed));
        Assert.True((await grain.GetQuarantineAsync("q-night"))!.Overdue);
        // Never back; up by time alone at midnight and by noon (the compaction may come with the midnight's read or after it).
        Assert.Equal(versions.Order(), versions);
        Assert.True(versions[1] > versions[0] && versions[3] > versions[2], string.Join(", ", versions));
    }

    [Fact]
    public async Task A_check_resent_after_its_quarantine_was_compacted_out_is_a_duplicate_and_a_new_one_is_refused()
    {
        var (_, grain) = fixture.Site(9);
        var morning = fixture.AdvanceToLocal(7);
        await PlaceAsync(grain, "q-resend", 2, morning, morning.AddDays(14));
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        var check = Check("k-resend", 2, morning.AddHours(1));
        Assert.Equal(ReportStatus.Accepted, Assert.Single(await grain.ApplyHealthChecksAsync([check])).Status);
        Assert.Equal(CareOutcomeStatus.Done, (await grain.EndQuarantineAsync("q-resend", morning.AddHours(2))).Status);

        fixture.AdvanceToLocal(1);
        await Eventually(() => grain.GetQuarantineAsync("q-resend"), q => q is null, "the quarantine ended yesterday to be compacted out");

        Assert.Equal(ReportStatus.Duplicate, Assert.Single(await grain.ApplyHealthChecksAsync([check])).Status);
        var late = Assert.Single(await grain.ApplyHealthChecksAsync([Check("k-late", 2, morning.AddHours(1).AddMinutes(5))]));
        Assert.Equal(ReportStatus.Rejected, late.Status);
        Assert.Contains("not under quarantine", late.Error);
    }

    private static T Figures<T>(UnitSummary summary, Func<UnitSummary, T> pick) => pick(summary);
}
