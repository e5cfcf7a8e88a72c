using Canvass.Abstractions.Care;
using Canvass.Abstractions.Gaps;
using Canvass.Abstractions.Units;
using Canvass.Grains.Gaps;
using Orleans.Core.Internal;
using static Canvass.Grains.Tests.CareCluster;

namespace Canvass.Grains.Tests;

/// <summary>
/// What care leaves in the state and its snapshots, what a reactivation shows of it, and its exact roll-up.
/// </summary>
public class CareDurabilityTests(CareCluster fixture) : IClassFixture<CareCluster>
{
    [Fact]
    public async Task The_acknowledgement_of_a_missed_check_goes_from_the_state_and_its_snapshot_once_a_check_clears_it()
    {
        var (site, grain) = fixture.Site(8);
        var start = fixture.AdvanceToLocal(7);
        await PlaceAsync(grain, "q-ack", 2, start);
        fixture.Clock.Advance(TimeSpan.FromHours(3));
        var missed = Assert.Single(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.CheckMissed);
        await grain.AcknowledgeAsync(missed.Id, "Li Wei", "calling them", "sup-1");
        Assert.True(AlertKey.TryParse(missed.Id, out _, out var key));
        Assert.True((await fixture.SnapshotAsync(site)).TryGetAcknowledgement(key, out _));

        await grain.ApplyHealthChecksAsync([Check("k-ack", 2, fixture.Clock.GetUtcNow())]);

        var snapshot = await fixture.SnapshotAsync(site);
        Assert.False(snapshot.TryGetAcknowledgement(key, out _));
        Assert.Single(snapshot.Care.Quarantine("q-ack")!.Checks);
        Assert.Equal((await grain.GetSummaryAsync()).Version >> 16, snapshot.Changes);
    }

    [Fact]
    public async Task A_site_reactivated_from_its_journal_shows_the_same_care_and_the_same_or_a_later_version()
    {
        var (_, grain) = fixture.Site(7);
        var start = fixture.AdvanceToLocal(7);
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
        var start = fixture.AdvanceToLocal(7);
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
        var community = await Eventually(() => fixture.Community(sites[0]).GetSummaryAsync(), s => CareFigures(s).Equals(expected), $"the community's care figures to be {expected}");
        Assert.Equal((4L, 2L, 2), (community.QuarantinedHouseholds.Total, community.QuarantinedHouseholds.KeyAreaObservation, community.CareDeliveredToday));
        // Two deliveries, of 20 min and 110 min: the lower median is the 20 min one's bucket.
        Assert.Equal(22.5, community.CareDeliveryMedianMinutes);
        Assert.Equal(4, (await fixture.Community(sites[0]).GetQuarantinesAsync(10)).Count);
        Assert.Equal(4, (await fixture.Community(sites[0]).GetCareAsync(CareListState.Open, 10)).Count);
    }

    private static object CareFigures(UnitSummary s) => (s.QuarantinedHouseholds, s.QuarantinesEndingToday, s.QuarantinesOverdue, s.ChecksDueToday, s.ChecksDone, s.ChecksMissed,
        s.CareOpen, s.CareOverdue, s.CareDeliveredToday, s.CareDeliveryMedianMinutes);

    private static object Sum(UnitSummary[] s) => (
        new QuarantineCounts(s.Sum(x => x.QuarantinedHouseholds.HomeQuarantine), s.Sum(x => x.QuarantinedHouseholds.KeyAreaObservation)),
        s.Sum(x => x.QuarantinesEndingToday), s.Sum(x => x.QuarantinesOverdue), s.Sum(x => x.ChecksDueToday), s.Sum(x => x.ChecksDone), s.Sum(x => x.ChecksMissed),
        s.Sum(x => x.CareOpen), s.Sum(x => x.CareOverdue), s.Sum(x => x.CareDeliveredToday), (double?)22.5);
}
