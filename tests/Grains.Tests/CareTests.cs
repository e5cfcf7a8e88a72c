using Canvass.Abstractions.Care;
using Canvass.Abstractions.Gaps;
using Canvass.Abstractions.Units;
using Canvass.Grains.Gaps;
using Canvass.Grains.Screening;
using Canvass.Registry;
using Orleans.Core.Internal;

namespace Canvass.Grains.Tests;

/// <summary>
/// Quarantine, health checks and care requests through the real site and unit grains, on a fake screening clock the
/// tests move to the local times they need: checks due, missed, done late; fever findings; care overdue, delivered,
/// stepped out of order; escalation; the day's rollover; a restart; the roll-up of every figure.
/// </summary>
public class CareTests(CareTests.Cluster fixture) : IClassFixture<CareTests.Cluster>
{
    public sealed class Cluster : ClusterFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
        {
            ["Gaps:ScreeningStart"] = Start.ToString("O"),
            ["Gaps:EscalateAfter"] = "02:00:00",
            // A snapshot after every event: reactivation reads format 5, and a test reads what the snapshot kept.
            ["Rollup:SnapshotEvery"] = "1",
        };
    }

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_check_not_received_within_the_grace_is_missed_and_a_late_check_counts_as_done_and_clears_it()
    {
        var (site, grain) = Site(0);
        var start = AdvanceToLocal(7);
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
        await Eventually(() => Community(site).GetSummaryAsync(), s => s.ChecksMissed == 1, "the community to count the missed check");
        Assert.Equal("Li Wei", Assert.Single(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.CheckMissed).Acknowledgement?.By);

        fixture.Clock.Advance(TimeSpan.FromMinutes(50));
        var late = Check("k-late", 5, fixture.Clock.GetUtcNow());
        Assert.Equal(ReportStatus.Accepted, Assert.Single(await grain.ApplyHealthChecksAsync([late], "svc-1")).Status);

        Assert.DoesNotContain(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.CheckMissed);
        summary = await grain.GetSummaryAsync();
        Assert.Equal((2, 1, 0), (summary.ChecksDueToday, summary.ChecksDone, summary.ChecksMissed));
        quarantine = (await grain.GetQuarantineAsync("q-miss"))!;
        Assert.Equal((false, start.AddHours(9), late.At), (quarantine.CheckMissed, quarantine.NextCheckDueAt, quarantine.LastCheckAt));
        await Eventually(() => Community(site).GetSummaryAsync(), s => s.ChecksMissed == 0 && s.ChecksDone == 1, "the community to count the late check as done");
        Assert.Equal(ReportStatus.Duplicate, Assert.Single(await grain.ApplyHealthChecksAsync([late])).Status);
        var refused = Assert.Single(await grain.ApplyHealthChecksAsync([Check("k-other", 6, fixture.Clock.GetUtcNow())]));
        Assert.Equal(ReportStatus.Rejected, refused.Status);
        Assert.Contains("household 6", refused.Error, StringComparison.Ordinal);
        Assert.Contains("not under quarantine", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_acknowledgement_of_a_missed_check_goes_from_the_state_and_its_snapshot_once_a_check_clears_it()
    {
        var (site, grain) = Site(8);
        var start = AdvanceToLocal(7);
        await PlaceAsync(grain, "q-ack", 2, start);
        fixture.Clock.Advance(TimeSpan.FromHours(3));
        var missed = Assert.Single(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.CheckMissed);
        await grain.AcknowledgeAsync(missed.Id, "Li Wei", "calling them", "sup-1");
        Assert.True(AlertKey.TryParse(missed.Id, out _, out var key));
        Assert.True((await SnapshotAsync(site)).TryGetAcknowledgement(key, out _));

        await grain.ApplyHealthChecksAsync([Check("k-ack", 2, fixture.Clock.GetUtcNow())]);

        var snapshot = await SnapshotAsync(site);
        Assert.False(snapshot.TryGetAcknowledgement(key, out _));
        Assert.Single(snapshot.Care.Quarantine("q-ack")!.Checks);
        Assert.Equal((await grain.GetSummaryAsync()).Version >> 16, snapshot.Changes);
    }

    [Fact]
    public async Task A_fever_at_a_check_is_a_finding_at_once_and_a_normal_check_after_it_clears_it()
    {
        var (_, grain) = Site(1);
        var start = AdvanceToLocal(7);
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
        var (site, grain) = Site(2);
        var requested = AdvanceToLocal(9);
        Assert.Equal(ReportStatus.Accepted, Assert.Single(await grain.ApplyCareRequestsAsync([new CareRequestItem("c-med", 12, CareCategory.Medicine, "insulin", requested)], "svc-1")).Status);
        Assert.Equal((1, 0), Figures(await grain.GetSummaryAsync(), s => (s.CareOpen, s.CareOverdue)));

        fixture.Clock.Advance(TimeSpan.FromHours(2) - Minute);
        Assert.DoesNotContain(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.CareOverdue);
        fixture.Clock.Advance(Minute);
        var overdue = Assert.Single(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.CareOverdue);
        Assert.Equal((12, requested.AddHours(2)), (overdue.Household, overdue.RaisedAt));
        Assert.Contains("medicine", overdue.Detail, StringComparison.Ordinal);
        Assert.Equal("c-med", Assert.Single(await grain.GetCareAsync(CareListState.Overdue)).CareId);
        await Eventually(() => Community(site).GetCareAsync(CareListState.Overdue, 10), l => l.Any(r => r.CareId == "c-med" && r.Overdue), "the community's overdue list to hold the request");

        var delivered = await grain.StepCareAsync("c-med", CareStep.Deliver, null, fixture.Clock.GetUtcNow(), "svc-2");

        Assert.Equal(CareOutcomeStatus.Done, delivered.Status);
        Assert.Equal(CareRequestState.Delivered, delivered.Request!.State);
        Assert.Equal([(CareStep.Request, "svc-1"), (CareStep.Deliver, "svc-2")], delivered.Request.History.Select(h => (h.Step, h.Subject)));
        Assert.DoesNotContain(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.CareOverdue);
        var summary = await grain.GetSummaryAsync();
        Assert.Equal((0, 0, 1, 127.5), (summary.CareOpen, summary.CareOverdue, summary.CareDeliveredToday, summary.CareDeliveryMedianMinutes));
        Assert.Equal("c-med", Assert.Single(await grain.GetCareAsync(CareListState.Delivered)).CareId);
        await Eventually(() => Community(site).GetSummaryAsync(), s => s.CareOverdue == 0 && s.CareDeliveredToday == 1 && s.CareDeliveryMedianMinutes == 127.5,
            "the community to count the delivery");
    }

    [Fact]
    public async Task Steps_out_of_order_are_refused_a_repeated_step_changes_nothing_and_an_unknown_request_is_unknown()
    {
        var (_, grain) = Site(3);
        var at = AdvanceToLocal(10);
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
        var (site, grain) = Site(4);
        var requested = AdvanceToLocal(11);
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
        var (_, grain) = Site(5);
        var start = AdvanceToLocal(9);
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
        var (_, grain) = Site(6);
        var evening = AdvanceToLocal(20);
        await PlaceAsync(grain, "q-night", 3, evening, evening.AddHours(16));
        await grain.ApplyCareRequestsAsync([new("c-night", 4, CareCategory.Water, null, evening)]);
        await grain.StepCareAsync("c-night", CareStep.Deliver, null, evening.AddMinutes(30), "svc-1");
        fixture.Clock.Advance(TimeSpan.FromMinutes(30));
        var versions = new List<long>();
        var summary = await grain.GetSummaryAsync();
        versions.Add(summary.Version);
        Assert.Equal((1, 0, 0, 32.5), (summary.CareDeliveredToday, summary.ChecksDueToday, summary.QuarantinesEndingToday, summary.CareDeliveryMedianMinutes));

        AdvanceToLocal(0);
        fixture.Clock.Advance(Minute);
        summary = await grain.GetSummaryAsync();
        versions.Add(summary.Version);
        Assert.Equal((0, 2, 1, (double?)null), (summary.CareDeliveredToday, summary.ChecksDueToday, summary.QuarantinesEndingToday, summary.CareDeliveryMedianMinutes));
        await Eventually(() => grain.GetCareRequestAsync("c-night"), r => r is null, "the request delivered yesterday to be compacted out");
        versions.Add((await grain.GetSummaryAsync()).Version);
        Assert.Equal(ReportStatus.Duplicate, Assert.Single(await grain.ApplyCareRequestsAsync([new("c-night", 4, CareCategory.Water, null, evening)])).Status);

        AdvanceToLocal(12);
        summary = await grain.GetSummaryAsync();
        versions.Add(summary.Version);
        // 08:00 went unchecked; 16:00 is still to come.
        Assert.Equal((1, 1, 1), (summary.QuarantinesOverdue, summary.QuarantinesEndingToday, summary.ChecksMissed));
        Assert.True((await grain.GetQuarantineAsync("q-night"))!.Overdue);
        Assert.Equal(versions.Distinct().Order(), versions);
    }

    [Fact]
    public async Task A_site_reactivated_from_its_journal_shows_the_same_care_and_the_same_or_a_later_version()
    {
        var (_, grain) = Site(7);
        var start = AdvanceToLocal(7);
        await PlaceAsync(grain, "q-replay", 9, start);
        await grain.ApplyHealthChecksAsync([Check("k-replay", 9, start.AddHours(1))]);
        await grain.ApplyCareRequestsAsync([new("c-replay-1", 9, CareCategory.Groceries, "rice", start), new("c-replay-2", 10, CareCategory.Medicine, null, start)]);
        await grain.StepCareAsync("c-replay-1", CareStep.Deliver, null, start.AddMinutes(50), "svc-1");
        fixture.Clock.Advance(TimeSpan.FromHours(4));
        var before = await grain.GetSummaryAsync();
        var alerts = await grain.GetAlertsAsync(0);

        await grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var after = await grain.GetSummaryAsync();

        Assert.Equal(CareFigures(before), CareFigures(after));
        Assert.True(after.Version >= before.Version, $"version {after.Version} after the reload, {before.Version} before");
        Assert.Equal(alerts.Select(a => a.Id).Order(), (await grain.GetAlertsAsync(0)).Select(a => a.Id).Order());
        Assert.Equal(["c-replay-1", "c-replay-2"], (await grain.GetCareAsync(CareListState.Open)).Concat(await grain.GetCareAsync(CareListState.Delivered)).Select(r => r.CareId).Order());
    }

    [Fact]
    public async Task Every_care_figure_of_a_community_is_the_exact_sum_of_its_sites()
    {
        var sites = fixture.Registry.Sites.GroupBy(s => s.Parent!.Id).Where(g => g.Count() >= 2).OrderBy(g => g.Key, StringComparer.Ordinal).Skip(300).First().Take(2).ToArray();
        var start = AdvanceToLocal(7);
        for (var i = 0; i < sites.Length; i++)
        {
            var grain = fixture.Grains.GetGrain<ISiteGrain>(sites[i].Id);
            await grain.ApplyQuarantinesAsync([new($"q-sum-{i}-a", 1, QuarantineKind.HomeQuarantine, start, start.AddHours(10 + i), 2), new($"q-sum-{i}-b", 2, QuarantineKind.KeyAreaObservation, start, start.AddDays(3), 1)]);
            await grain.ApplyHealthChecksAsync([Check($"k-sum-{i}", 1, start.AddHours(1))]);
            await grain.ApplyCareRequestsAsync([new($"c-sum-{i}-a", 3, CareCategory.Takeaway, null, start), new($"c-sum-{i}-b", 4, CareCategory.Parcel, null, start), new($"c-sum-{i}-c", 5, CareCategory.Water, null, start)]);
            await grain.StepCareAsync($"c-sum-{i}-c", CareStep.Deliver, null, start.AddMinutes(20 + 90 * i), "svc-1");
        }

        fixture.Clock.Advance(TimeSpan.FromHours(4));
        var figures = new List<object>();
        foreach (var s in sites)
        {
            figures.Add(CareFigures(await fixture.Grains.GetGrain<ISiteGrain>(s.Id).GetSummaryAsync()));
        }

        var expected = Sum(await Task.WhenAll(sites.Select(s => fixture.Grains.GetGrain<ISiteGrain>(s.Id).GetSummaryAsync())));
        var community = await Eventually(() => Community(sites[0]).GetSummaryAsync(), s => CareFigures(s).Equals(expected), $"the community's care figures to be {expected}");
        Assert.Equal((4L, 2L, 2), (community.QuarantinedHouseholds.Total, community.QuarantinedHouseholds.KeyAreaObservation, community.CareDeliveredToday));
        // Two deliveries, of 20 min and 110 min: the lower median is the 20 min one's bucket.
        Assert.Equal(22.5, community.CareDeliveryMedianMinutes);
        Assert.Equal(4, (await Community(sites[0]).GetQuarantinesAsync(10)).Count);
        Assert.Equal(4, (await Community(sites[0]).GetCareAsync(CareListState.Open, 10)).Count);
    }

    private static object CareFigures(UnitSummary s) => (s.QuarantinedHouseholds, s.QuarantinesEndingToday, s.QuarantinesOverdue, s.ChecksDueToday, s.ChecksDone, s.ChecksMissed,
        s.CareOpen, s.CareOverdue, s.CareDeliveredToday, s.CareDeliveryMedianMinutes);

    private static object Sum(UnitSummary[] s) => (
        new QuarantineCounts(s.Sum(x => x.QuarantinedHouseholds.HomeQuarantine), s.Sum(x => x.QuarantinedHouseholds.KeyAreaObservation)),
        s.Sum(x => x.QuarantinesEndingToday), s.Sum(x => x.QuarantinesOverdue), s.Sum(x => x.ChecksDueToday), s.Sum(x => x.ChecksDone), s.Sum(x => x.ChecksMissed),
        s.Sum(x => x.CareOpen), s.Sum(x => x.CareOverdue), s.Sum(x => x.CareDeliveredToday), (double?)22.5);

    private static T Figures<T>(UnitSummary summary, Func<UnitSummary, T> pick) => pick(summary);

    /// <summary>The site's state as its newest snapshot, once that covers its last record, has it.</summary>
    private async Task<SiteState> SnapshotAsync(RegistryUnit site)
    {
        var stored = await Eventually(() => fixture.Journal.LoadAsync(site.Id, withSnapshot: true), h => h.Snapshot is not null && h.SnapshotSequence == h.LastSequence,
            $"a snapshot of {site.Id} up to its last record");
        return SiteState.FromSnapshot(stored.Snapshot!, (int)site.Households, fixture.Clock.GetUtcNow().UtcTicks);
    }

    private static HealthCheck Check(string id, int household, DateTimeOffset at) => new(id, household, at, [new(ReadingStatus.Normal, 36.6)]);

    private static async Task PlaceAsync(ISiteGrain grain, string id, int household, DateTimeOffset start, DateTimeOffset? plannedEnd = null)
    {
        var result = Assert.Single(await grain.ApplyQuarantinesAsync([new(id, household, QuarantineKind.HomeQuarantine, start, plannedEnd ?? start.AddDays(14), 2)], "sup-1"));
        Assert.Equal(ReportStatus.Accepted, result.Status);
    }

    /// <summary>Moves the shared clock to the next local <paramref name="hour"/>:00 (a test's own day), and returns it.</summary>
    private DateTimeOffset AdvanceToLocal(int hour)
    {
        var now = fixture.Registry.ToLocal(fixture.Clock.GetUtcNow());
        var target = new DateTimeOffset(now.Date.AddHours(hour), now.Offset);
        if (target <= now)
        {
            target = target.AddDays(1);
        }

        fixture.Clock.Advance(target - now);
        return target;
    }

    private (RegistryUnit Site, ISiteGrain Grain) Site(int n)
    {
        var site = fixture.Registry.Sites.GroupBy(s => s.Parent!.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Skip(200 + n * 7).First().First();
        return (site, fixture.Grains.GetGrain<ISiteGrain>(site.Id));
    }

    private IUnitGrain Community(RegistryUnit site) => fixture.Grains.GetGrain<IUnitGrain>(site.Parent!.Id);

    private static Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> condition, string what) =>
        TestSupport.Eventually.UntilAsync(read, condition, what, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));
}
