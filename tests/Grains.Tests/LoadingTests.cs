using Canvass.Abstractions.Units;
using Orleans.Core.Internal;

namespace Canvass.Grains.Tests;

/// <summary>A cluster whose aggregates wait briefly for their children, so that a test sees a unit loading promptly.</summary>
public sealed class ShortPatienceFixture : ClusterFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Rollup:ActivationPullPatience"] = "00:00:00.200",
        ["Rollup:LoadingPatience"] = "00:00:00.500",
    };
}

/// <summary>
/// An aggregate reactivated while one of its sites cannot load yet: it says it is loading instead of showing less,
/// sends nothing up or to its watchers meanwhile, and is exact once the site has loaded.
/// </summary>
public class LoadingTests(ShortPatienceFixture fixture) : IClassFixture<ShortPatienceFixture>
{
    [Fact]
    public async Task A_unit_whose_site_has_not_loaded_says_so_and_pushes_nothing_below_what_it_showed()
    {
        var site = fixture.Registry.Sites[2345];
        var community = fixture.Grains.GetGrain<IUnitGrain>(site.Parent!.Id);
        var subdistrict = fixture.Grains.GetGrain<IUnitGrain>(site.Parent.Parent!.Id);
        var (above, _) = await UnitWatcher.StartAsync(fixture.Grains, subdistrict);
        await fixture.Grains.GetGrain<ISiteGrain>(site.Id).ApplyAsync([ReportFactory.Screened("loading-1", 1, ClusterFixture.Start)]);
        var shown = await above.WaitForAsync(s => s.ScreenedHouseholds == 1, "the report at the subdistrict");
        var pushedBefore = above.Changes.Count;

        // The site and its community go (as with a dead silo), and the site's journal cannot be read for now.
        var held = fixture.Journal.HoldLoads(site.Id);
        await fixture.Grains.GetGrain<ISiteGrain>(site.Id).AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        await community.AsReference<IGrainManagementExtension>().DeactivateOnIdle();

        var loading = await community.GetSummaryAsync();
        Assert.True(loading.Loading, $"the community answered as complete without its site: {loading}");
        Assert.Equal(0, loading.ScreenedHouseholds);
        var (watcher, snapshot) = await UnitWatcher.StartAsync(fixture.Grains, community, includeChildren: true);
        Assert.True(snapshot.Unit.Loading);
        Assert.Equal(1, (await subdistrict.GetSummaryAsync()).ScreenedHouseholds);

        held.SetResult();
        var complete = await watcher.WaitForAsync(s => !s.Loading, "the community complete");

        Assert.Equal(1, complete.ScreenedHouseholds);
        Assert.All(watcher.Changes, c => Assert.False(c.Unit.Loading, $"a loading summary was pushed: {c.Unit}"));
        Assert.Contains(watcher.Changes.SelectMany(c => c.Children), c => c.Id == site.Id && c.ScreenedHouseholds == 1);
        Assert.All(above.Changes.Skip(pushedBefore), c => Assert.True(c.Unit.ScreenedHouseholds >= shown.ScreenedHouseholds && c.Unit.Version >= shown.Version, $"the subdistrict was pushed less than it showed: {c.Unit}"));
        Assert.False((await community.GetSummaryAsync()).Loading);
    }
}
