using Canvass.Abstractions.Units;
using Orleans.Core.Internal;

namespace Canvass.Grains.Tests;

/// <summary>A cluster whose sites wait ten minutes between flushes, so that a change can be caught waiting.</summary>
public sealed class SlowSiteFlushFixture : ClusterFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Rollup:SiteFlushInterval"] = "00:10:00",
    };
}

public class DeactivationTests(SlowSiteFlushFixture fixture) : IClassFixture<SlowSiteFlushFixture>
{
    [Fact]
    public async Task A_site_that_deactivates_with_a_change_waiting_to_flush_hands_it_to_its_community_first()
    {
        var site = fixture.Registry.Sites[1234];
        var grain = fixture.Grains.GetGrain<ISiteGrain>(site.Id);
        var community = fixture.Grains.GetGrain<IUnitGrain>(site.Parent!.Id);
        var (watcher, _) = await UnitWatcher.StartAsync(fixture.Grains, community, includeChildren: true);

        // The first change after a quiet interval flushes at once; the second waits out the site's ten minutes.
        await grain.ApplyAsync([ReportFactory.Screened("deact-1", 1, ClusterFixture.Start)]);
        await watcher.WaitForAsync(c => c.ScreenedHouseholds >= 1, "the first report at the community");
        await grain.ApplyAsync([ReportFactory.Screened("deact-2", 2, ClusterFixture.Start)]);
        var waiting = await grain.GetSummaryAsync();
        var held = (await community.GetSnapshotAsync(includeChildren: true)).Children.Single(c => c.Id == site.Id);
        Assert.True(held.Version < waiting.Version, "the second report must still be waiting to flush");

        await grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();

        var arrived = await watcher.WaitForAsync(c => c.ScreenedHouseholds >= 2, "the waiting report at the community");
        Assert.Equal(2, arrived.ScreenedHouseholds);
    }
}
