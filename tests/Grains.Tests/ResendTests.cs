using Canvass.Abstractions.Screening;
using Canvass.Abstractions.Units;
using Canvass.Storage.History;
using Orleans.Core.Internal;
using static Canvass.Grains.Tests.ReportFactory;

namespace Canvass.Grains.Tests;

/// <summary>
/// Resends of acknowledged reports once a site no longer remembers their ids: after a re-screening replaced their
/// results, after the site reloaded from the journal, after the duplicate window.
/// </summary>
public sealed class ResendTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task A_whole_acknowledged_batch_resent_after_its_households_were_rescreened_is_duplicate_item_by_item_also_after_a_reload()
    {
        var (grain, site) = Site(2001);
        SiteReport[] first = [Screened("resend-a-1", 1, ClusterFixture.Start, ResidentStatus.Fever), Screened("resend-a-2", 2, ClusterFixture.Start), Visited("resend-a-3", 3, ClusterFixture.Start, ScreeningOutcome.Absent)];
        SiteReport[] rescreen = [Screened("resend-b-1", 1, ClusterFixture.Start.AddHours(3)), Screened("resend-b-2", 2, ClusterFixture.Start.AddHours(3))];
        await grain.ApplyAsync(first);
        await grain.ApplyAsync(rescreen);
        var before = await grain.GetSummaryAsync();

        var resent = await grain.ApplyAsync(first);
        await grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var afterReload = await grain.ApplyAsync([.. first, .. rescreen]);
        var after = await grain.GetSummaryAsync();

        Assert.All(resent, r => Assert.Equal(ReportStatus.Duplicate, r.Status));
        Assert.All(afterReload, r => Assert.Equal(ReportStatus.Duplicate, r.Status));
        AssertSameFigures(before, after);
        Assert.Equal(5, (await fixture.Journal.LoadAsync(site, withSnapshot: false)).Records.Count);
    }

    [Fact]
    public async Task A_late_report_older_than_a_households_result_is_accepted_once_and_changes_no_figure()
    {
        var (grain, _) = Site(2002);
        await grain.ApplyAsync([Screened("late-new", 4, ClusterFixture.Start.AddHours(2), ResidentStatus.Normal)]);
        var before = await grain.GetSummaryAsync();

        var late = await grain.ApplyAsync([Screened("late-old", 4, ClusterFixture.Start, ResidentStatus.Suspected)]);
        var again = await grain.ApplyAsync([Screened("late-old", 4, ClusterFixture.Start, ResidentStatus.Suspected)]);

        Assert.Equal(ReportStatus.Accepted, late.Single().Status);
        Assert.Equal(ReportStatus.Duplicate, again.Single().Status);
        AssertSameFigures(before, await grain.GetSummaryAsync());
    }

    [Fact]
    public async Task Resent_checkpoint_reports_count_their_checks_once_also_when_older_than_the_retained_hours()
    {
        var (grain, _) = Site(2003);
        var at = fixture.Clock.GetUtcNow();
        CheckpointReport Check(string id, DateTimeOffset when) => new(id, when, Closed: true, Staffed: true, TemperatureChecks: 10);
        CheckpointReport[] reports = [Check("cp-old", at.AddHours(-5)), Check("cp-1", at.AddMinutes(-20)), Check("cp-2", at.AddMinutes(-10))];
        await grain.ApplyCheckpointsAsync(reports);
        var before = await grain.GetSummaryAsync();

        var resent = await grain.ApplyCheckpointsAsync(reports);
        await grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var reloaded = await grain.ApplyCheckpointsAsync(reports);
        var after = await grain.GetSummaryAsync();

        Assert.All(resent.Concat(reloaded), r => Assert.Equal(ReportStatus.Duplicate, r.Status));
        Assert.Equal(20, after.TemperatureChecksLastHour);
        Assert.Equal(before.Version, after.Version);
    }

    [Fact]
    public async Task A_site_with_a_long_history_reloads_from_a_snapshot_of_its_households_and_a_short_tail()
    {
        var (grain, site) = Site(2004);
        var households = (int)fixture.Registry.Sites[2004].Households;
        long? firstSnapshot = null;
        for (var round = 0; round < 30; round++)
        {
            var batch = Enumerable.Range(1, households)
                .Select(h => Screened($"long-{round}-{h}", h, ClusterFixture.Start.AddMinutes(round), h % 50 == 0 ? ResidentStatus.Fever : ResidentStatus.Normal))
                .ToArray();
            Assert.All(await grain.ApplyAsync(batch), r => Assert.Equal(ReportStatus.Accepted, r.Status));
            firstSnapshot ??= (await fixture.Journal.LoadAsync(site)).Snapshot?.Length;
        }

        var before = await grain.GetSummaryAsync();
        await grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var history = await fixture.Journal.LoadAsync(site);
        var after = await grain.GetSummaryAsync();

        Assert.Equal(30L * households, (await fixture.Journal.LoadAsync(site, withSnapshot: false)).Records.Count);
        // The snapshot is the households' (and a mark a day), as large after 30 rounds as after the first but for the
        // screening timeline's rows: the rounds' minutes are all in the late window, a row each.
        Assert.NotNull(firstSnapshot);
        const int rowBytes = sizeof(long) * (1 + ScreeningValues.Count);
        Assert.InRange(history.Snapshot!.Length, firstSnapshot.Value, firstSnapshot.Value + 64 + 29 * rowBytes);
        Assert.InRange(history.Snapshot.Length, 0, 64 + households * 24 + 256 + 30 * rowBytes);
        Assert.InRange(history.Records.Count, 0, 1000);
        AssertSameFigures(before, after);
        Assert.Equal(before.Version, after.Version);
    }

    [Fact]
    public async Task Resends_after_the_duplicate_window_change_no_figure_before_or_after_a_reload()
    {
        var (grain, _) = Site(2005);
        SiteReport[] first = [Screened("window-a-1", 1, ClusterFixture.Start, ResidentStatus.Suspected), Visited("window-a-2", 2, ClusterFixture.Start, ScreeningOutcome.Refused)];
        await grain.ApplyAsync(first);
        await grain.ApplyAsync([Screened("window-b-1", 1, ClusterFixture.Start.AddHours(1)), Screened("window-b-2", 2, ClusterFixture.Start.AddHours(1))]);
        fixture.Clock.Advance(TimeSpan.FromDays(15));
        var before = await grain.GetSummaryAsync();

        var resent = await grain.ApplyAsync(first);
        var afterResend = await grain.GetSummaryAsync();
        await grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var again = await grain.ApplyAsync(first);

        // Past the window the journal is not asked and they may be taken as late reports; either way nothing moves.
        Assert.All(resent, r => Assert.NotEqual(ReportStatus.Rejected, r.Status));
        Assert.All(again, r => Assert.Equal(ReportStatus.Duplicate, r.Status));
        AssertSameFigures(before, afterResend);
        AssertSameFigures(before, await grain.GetSummaryAsync());
    }

    private (ISiteGrain Grain, string Id) Site(int index)
    {
        var id = fixture.Registry.Sites[index].Id;
        return (fixture.Grains.GetGrain<ISiteGrain>(id), id);
    }

    private static void AssertSameFigures(UnitSummary expected, UnitSummary actual)
    {
        Assert.Equal(expected.ScreenedHouseholds, actual.ScreenedHouseholds);
        Assert.Equal(expected.AbsentHouseholds, actual.AbsentHouseholds);
        Assert.Equal(expected.Residents, actual.Residents);
        Assert.Equal(expected.LastReportAt, actual.LastReportAt);
        Assert.Equal(expected.OpenAlerts, actual.OpenAlerts);
        Assert.Equal(expected.Version, actual.Version);
    }
}
