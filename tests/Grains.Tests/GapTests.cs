using Canvass.Abstractions.Gaps;
using Canvass.Abstractions.Screening;
using Canvass.Abstractions.Units;
using Canvass.Registry;

namespace Canvass.Grains.Tests;

/// <summary>
/// Gap rules on their own cluster, whose fake screening clock the tests move: each kind of alert raised and cleared
/// at the right moment, escalation, acknowledgement, and nothing lost or doubled by a silo restart.
/// </summary>
public class GapTests(GapTests.Cluster fixture) : IClassFixture<GapTests.Cluster>
{
    public sealed class Cluster : ClusterFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
        {
            ["Gaps:ScreeningStart"] = Start.ToString("O"),
            ["Gaps:FollowUpPeriod"] = "04:00:00",
            ["Gaps:EscalateAfter"] = "02:00:00",
            ["Gaps:CoverageDeadline"] = "2.00:00:00",
            ["Gaps:CoverageTarget"] = "0.9",
        };
    }

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_fever_finding_becomes_an_alert_when_its_follow_up_period_passes_and_clears_with_a_follow_up()
    {
        var site = SiteOfCommunity(0);
        var grain = fixture.Grains.GetGrain<ISiteGrain>(site.Id);
        var reportedAt = fixture.Clock.GetUtcNow();
        await grain.ApplyAsync([ReportFactory.Screened("fu-1", 3, reportedAt, ResidentStatus.Fever, ResidentStatus.Normal)]);

        fixture.Clock.Advance(TimeSpan.FromHours(4) - Minute);
        Assert.DoesNotContain(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.Finding);

        fixture.Clock.Advance(Minute);
        var finding = Assert.Single(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.Finding);
        Assert.Equal(3, finding.Household);
        Assert.Equal(reportedAt.AddHours(4), finding.RaisedAt);
        Assert.Equal(site.Parent!.Id, finding.ReachedUnitId);
        await ListedAsync(site.Parent.Id, finding.Id);
        await CountedAsync(site.Parent.Id, s => s.UnacknowledgedAlerts >= 1);

        await grain.ApplyAsync([ReportFactory.Screened("fu-2", 3, fixture.Clock.GetUtcNow(), ResidentStatus.Normal, ResidentStatus.Normal)]);
        Assert.DoesNotContain(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.Finding);
        await NotListedAsync(site.Parent.Id, finding.Id);
    }

    [Fact]
    public async Task A_site_that_falls_silent_is_a_stale_alert_when_the_stale_period_passes_and_a_report_clears_it()
    {
        var site = SiteOfCommunity(1);
        var grain = fixture.Grains.GetGrain<ISiteGrain>(site.Id);
        await grain.ApplyAsync([ReportFactory.Screened("st-1", 1, fixture.Clock.GetUtcNow(), ResidentStatus.Normal)]);
        Assert.DoesNotContain(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.Stale);

        fixture.Clock.Advance(TimeSpan.FromHours(24) - Minute);
        Assert.DoesNotContain(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.Stale);
        fixture.Clock.Advance(Minute);
        var stale = Assert.Single(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.Stale);
        await ListedAsync(site.Parent!.Id, stale.Id);

        await grain.ApplyAsync([ReportFactory.Screened("st-2", 2, fixture.Clock.GetUtcNow(), ResidentStatus.Normal)]);
        Assert.DoesNotContain(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.Stale);
        await NotListedAsync(site.Parent.Id, stale.Id);
    }

    [Fact]
    public async Task A_site_never_visited_is_a_stale_alert_once_the_stale_period_has_passed_since_screening_started()
    {
        var site = SiteOfCommunity(2);
        var grain = fixture.Grains.GetGrain<ISiteGrain>(site.Id);
        var due = ClusterFixture.Start.AddHours(24);
        if (fixture.Clock.GetUtcNow() < due)
        {
            // The other tests of this class move the same clock; this one only needs it before and at the moment.
            fixture.Clock.Advance(due - fixture.Clock.GetUtcNow() - Minute);
            Assert.Empty(await grain.GetAlertsAsync(0));
            fixture.Clock.Advance(Minute);
        }

        var stale = Assert.Single(await grain.GetAlertsAsync(0));
        Assert.Equal(GapKind.Stale, stale.Kind);
        Assert.Equal(due, stale.RaisedAt);
        Assert.Equal($"{site.Id}:stale:0:0", stale.Id);
    }

    [Fact]
    public async Task Coverage_below_target_is_an_alert_once_the_deadline_after_the_first_report_passes_and_clears_at_target()
    {
        var site = fixture.Registry.Sites.Where(s => s.Households is > 10 and < 100).OrderBy(s => s.Id, StringComparer.Ordinal).First();
        var grain = fixture.Grains.GetGrain<ISiteGrain>(site.Id);
        var started = fixture.Clock.GetUtcNow();
        await grain.ApplyAsync([ReportFactory.Screened("cov-1", 1, started, ResidentStatus.Normal)]);

        fixture.Clock.Advance(TimeSpan.FromHours(48) - Minute);
        Assert.DoesNotContain(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.LowCoverage);
        fixture.Clock.Advance(Minute);
        var low = Assert.Single(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.LowCoverage);
        Assert.Equal(started.AddHours(48), low.RaisedAt);

        var target = (int)Math.Ceiling(site.Households * 0.9);
        var now = fixture.Clock.GetUtcNow();
        await grain.ApplyAsync(Enumerable.Range(2, target - 2).Select(h => ReportFactory.Screened($"cov-{h}", h, now, ResidentStatus.Normal)).ToArray());
        Assert.Contains(await grain.GetAlertsAsync(0), a => a.Id == low.Id);
        await grain.ApplyAsync([ReportFactory.Screened($"cov-{target}", target, now, ResidentStatus.Normal)]);
        Assert.DoesNotContain(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.LowCoverage);
    }

    [Fact]
    public async Task A_checkpoint_reported_open_or_unstaffed_is_an_alert_at_once_and_clears_when_reported_closed_and_staffed()
    {
        var site = SiteOfCommunity(3);
        var grain = fixture.Grains.GetGrain<ISiteGrain>(site.Id);
        var at = fixture.Clock.GetUtcNow();
        await grain.ApplyCheckpointsAsync([new CheckpointReport("cp-1", at, Closed: false, Staffed: false, TemperatureChecks: 120)]);

        var alerts = await grain.GetAlertsAsync(0);
        Assert.Contains(alerts, a => a.Kind == GapKind.CheckpointOpen && a.RaisedAt == at);
        Assert.Contains(alerts, a => a.Kind == GapKind.CheckpointUnstaffed);
        var summary = await grain.GetSummaryAsync();
        Assert.Equal((0, 1, 120L), (summary.ClosedSites, summary.UnstaffedSites, summary.TemperatureChecksLastHour));

        // A later report still open keeps the same alert: it is one gap since the first report said so.
        await grain.ApplyCheckpointsAsync([new CheckpointReport("cp-2", at.AddMinutes(10), Closed: false, Staffed: true, TemperatureChecks: 30)]);
        alerts = await grain.GetAlertsAsync(0);
        Assert.Single(alerts, a => a.Kind == GapKind.CheckpointOpen && a.RaisedAt == at);
        Assert.DoesNotContain(alerts, a => a.Kind == GapKind.CheckpointUnstaffed);

        await grain.ApplyCheckpointsAsync([new CheckpointReport("cp-3", at.AddMinutes(20), Closed: true, Staffed: true, TemperatureChecks: 50)]);
        Assert.DoesNotContain(await grain.GetAlertsAsync(0), a => a.Kind is GapKind.CheckpointOpen or GapKind.CheckpointUnstaffed);
        summary = await grain.GetSummaryAsync();
        Assert.Equal((1, 0), (summary.ClosedSites, summary.UnstaffedSites));

        // The last hour's checks move with the clock: 120 + 30 + 50 until the first report is an hour old.
        fixture.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(200, (await grain.GetSummaryAsync()).TemperatureChecksLastHour);
        fixture.Clock.Advance(TimeSpan.FromMinutes(45));
        Assert.Equal(80, (await grain.GetSummaryAsync()).TemperatureChecksLastHour);
        await CountedAsync(site.Parent!.Id, s => s.ClosedSites == 1 && s.TemperatureChecksLastHour == 80);
    }

    [Fact]
    public async Task An_unacknowledged_alert_escalates_to_the_parent_levels_list_and_acknowledgement_stops_it()
    {
        var site = SiteOfCommunity(4);
        var community = site.Parent!;
        var subdistrict = community.Parent!;
        var grain = fixture.Grains.GetGrain<ISiteGrain>(site.Id);
        await grain.ApplyCheckpointsAsync([new CheckpointReport("esc-1", fixture.Clock.GetUtcNow(), Closed: false, Staffed: true, TemperatureChecks: 0)]);
        var open = Assert.Single(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.CheckpointOpen);
        var subdistrictGrain = fixture.Grains.GetGrain<IUnitGrain>(subdistrict.Id);
        Assert.Equal(0, open.Escalations);
        await ListedAsync(community.Id, open.Id, escalatedTo: community.Id);
        Assert.DoesNotContain(await subdistrictGrain.GetAlertsAsync(1000, subdistrict.Id), a => a.Id == open.Id);

        fixture.Clock.Advance(TimeSpan.FromHours(2));
        var escalated = Assert.Single(await grain.GetAlertsAsync(1), a => a.Id == open.Id);
        Assert.Equal(subdistrict.Id, escalated.ReachedUnitId);
        await ListedAsync(subdistrict.Id, open.Id, escalatedTo: subdistrict.Id);
        await CountedAsync(subdistrict.Id, s => s.EscalatedAlerts >= 1);

        var outcome = await grain.AcknowledgeAsync(open.Id, "Li Wei", "team sent to close the side gate");
        Assert.Equal(AcknowledgeStatus.Acknowledged, outcome.Status);
        Assert.Equal("Li Wei", outcome.Alert!.Acknowledgement!.By);
        Assert.Equal(fixture.Clock.GetUtcNow(), outcome.Alert.Acknowledgement.At);
        Assert.Equal(AcknowledgeStatus.AlreadyAcknowledged, (await grain.AcknowledgeAsync(open.Id, "Zhang", "again")).Status);

        fixture.Clock.Advance(TimeSpan.FromHours(4));
        var acknowledged = Assert.Single(await grain.GetAlertsAsync(0), a => a.Id == open.Id);
        Assert.Equal(1, acknowledged.Escalations);
        Assert.Equal("team sent to close the side gate", acknowledged.Acknowledgement!.Note);
        Assert.Equal(AcknowledgeStatus.Unknown, (await grain.AcknowledgeAsync($"{site.Id}:finding:1:0", "Li Wei", "no such alert")).Status);
    }

    [Fact]
    public async Task A_silo_restart_neither_loses_nor_duplicates_alerts_or_acknowledgements()
    {
        var site = SiteOfCommunity(5);
        var grain = fixture.Grains.GetGrain<ISiteGrain>(site.Id);
        var now = fixture.Clock.GetUtcNow();
        await grain.ApplyCheckpointsAsync([new CheckpointReport("rs-1", now, Closed: false, Staffed: false, TemperatureChecks: 10)]);
        await grain.ApplyAsync([ReportFactory.Screened("rs-2", 2, now, ResidentStatus.Suspected)]);
        fixture.Clock.Advance(TimeSpan.FromHours(5));
        var before = await grain.GetAlertsAsync(0);
        Assert.Equal(3, before.Count);
        await grain.AcknowledgeAsync(before.First(a => a.Kind == GapKind.Finding).Id, "Li Wei", "已派队伍复查");
        before = await grain.GetAlertsAsync(0);

        await fixture.Cluster.RestartSiloAsync(fixture.Cluster.Primary!);
        await fixture.Cluster.WaitForLivenessToStabilizeAsync();

        var after = await Eventually(() => fixture.Grains.GetGrain<ISiteGrain>(site.Id).GetAlertsAsync(0), _ => true, "the site to answer after the restart");
        Assert.Equal(before.OrderBy(a => a.Id), after.OrderBy(a => a.Id));
        await ListedAsync(site.Parent!.Id, before[0].Id);
        var listed = await fixture.Grains.GetGrain<IUnitGrain>(site.Parent.Id).GetAlertsAsync(1000, null);
        Assert.Equal(before.Count, listed.Count(a => a.SiteId == site.Id));
    }

    /// <summary>The first site of the n-th community with sites, so that each test has its own site and community.</summary>
    private RegistryUnit SiteOfCommunity(int n) => fixture.Registry.Sites
        .GroupBy(s => s.Parent!.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Skip(100 + n * 7).First().First();

    private Task ListedAsync(string unitId, string alertId, string? escalatedTo = null) =>
        Eventually(() => fixture.Grains.GetGrain<IUnitGrain>(unitId).GetAlertsAsync(1000, escalatedTo), l => l.Any(a => a.Id == alertId), $"{alertId} in the list of {unitId}");

    private Task NotListedAsync(string unitId, string alertId) =>
        Eventually(() => fixture.Grains.GetGrain<IUnitGrain>(unitId).GetAlertsAsync(1000, null), l => l.All(a => a.Id != alertId), $"{alertId} gone from the list of {unitId}");

    private Task CountedAsync(string unitId, Func<UnitSummary, bool> condition) =>
        Eventually(() => fixture.Grains.GetGrain<IUnitGrain>(unitId).GetSummaryAsync(), condition, $"the summary of {unitId} to count it");

    private static Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> condition, string what) =>
        TestSupport.Eventually.UntilAsync(read, condition, what, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));
}
