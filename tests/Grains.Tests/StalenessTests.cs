using Canvass.Abstractions.Screening;
using Canvass.Abstractions.Units;

namespace Canvass.Grains.Tests;

/// <summary>Its own cluster: these tests move the screening clock, which every unit's staleness depends on.</summary>
public class StalenessTests(StalenessTests.Cluster fixture) : IClassFixture<StalenessTests.Cluster>
{
    public sealed class Cluster : ClusterFixture;

    [Fact]
    public async Task A_site_goes_stale_when_the_stale_period_passes_with_no_report()
    {
        var site = fixture.Registry.Get("440306017001-002");
        var city = fixture.Grains.GetGrain<IUnitGrain>("4403");
        var initial = await city.GetSummaryAsync();
        Assert.Equal(fixture.Registry.Sites.Count, initial.Sites);
        Assert.Equal(initial.Sites, initial.StaleSites);

        var (cityWatcher, _) = await UnitWatcher.StartAsync(fixture.Grains, city);
        var (communityWatcher, _) = await UnitWatcher.StartAsync(fixture.Grains, fixture.Grains.GetGrain<IUnitGrain>(site.Parent!.Id));
        await fixture.Grains.GetGrain<ISiteGrain>(site.Id).ApplyAsync([ReportFactory.Screened("s-1", 1, fixture.Clock.GetUtcNow(), ResidentStatus.Normal)]);
        var fresh = await cityWatcher.WaitForAsync(s => s.StaleSites == initial.Sites - 1, "the reporting site to count as fresh");

        fixture.Clock.Advance(TimeSpan.FromHours(23));
        var siteSummary = await fixture.Grains.GetGrain<ISiteGrain>(site.Id).GetSummaryAsync();
        Assert.Equal(0, siteSummary.StaleSites);

        fixture.Clock.Advance(TimeSpan.FromHours(1));
        var stale = await cityWatcher.WaitForAsync(s => s.StaleSites == initial.Sites, "the silent site to go stale");
        await communityWatcher.WaitForAsync(s => s.StaleSites == s.Sites, "the community to count it stale");

        Assert.True(stale.Version > fresh.Version);
        Assert.Equal(1, stale.ScreenedHouseholds);
        Assert.Equal(1, (await fixture.Grains.GetGrain<ISiteGrain>(site.Id).GetSummaryAsync()).StaleSites);
    }
}
