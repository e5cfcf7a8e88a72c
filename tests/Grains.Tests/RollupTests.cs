using Canvass.Abstractions.Screening;
using Canvass.Abstractions.Units;
using Canvass.Registry;

namespace Canvass.Grains.Tests;

[CollectionDefinition(Name)]
public sealed class RollupCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "rollup";
}

[Collection(RollupCollection.Name)]
public class RollupTests(ClusterFixture fixture)
{
    private static readonly ResidentStatus[] Statuses = Enum.GetValues<ResidentStatus>();

    [Fact]
    public async Task Every_unit_equals_the_independent_sum_after_random_rescreens_duplicates_and_out_of_order_arrival()
    {
        var random = new Random(7);
        var sites = fixture.Registry.Sites.Where((_, i) => i % 160 == 3).Take(40).ToArray();
        var expected = new ExpectedFigures();
        var reports = new List<(string Site, SiteReport Report)>();
        for (var i = 0; i < 4000; i++)
        {
            var site = sites[random.Next(sites.Length)];
            // Few households per site, so that most households are re-screened several times.
            var household = 1 + random.Next((int)Math.Min(site.Households, 25));
            var at = ClusterFixture.Start.AddSeconds(-7200 + i);
            var report = random.Next(10) switch
            {
                0 => ReportFactory.Visited($"x-{i}", household, at, ScreeningOutcome.Absent),
                1 => ReportFactory.Visited($"x-{i}", household, at, ScreeningOutcome.Refused),
                _ => ReportFactory.Screened($"x-{i}", household, at, [.. Enumerable.Range(0, 1 + random.Next(4)).Select(_ => Statuses[random.Next(Statuses.Length)])]),
            };
            expected.Add(site.Id, report);
            reports.Add((site.Id, report));
        }

        // Arrival order is not report order, and some reports come twice.
        var arrivals = reports.Concat(reports.Where((_, i) => i % 13 == 0)).OrderBy(_ => random.Next()).ToArray();
        var units = sites.SelectMany(Ancestors).Distinct().ToArray();
        var watchers = await Task.WhenAll(units.Select(u => UnitWatcher.StartAsync(fixture.Grains, fixture.Grains.GetGrain<IUnitGrain>(u.Id))));

        var duplicates = 0;
        foreach (var chunk in arrivals.Chunk(200))
        {
            var results = await Task.WhenAll(chunk.GroupBy(r => r.Site).Select(g =>
                fixture.Grains.GetGrain<ISiteGrain>(g.Key).ApplyAsync([.. g.Select(r => r.Report)])));
            duplicates += results.Sum(r => r.Count(x => x.Status == ReportStatus.Duplicate));
        }

        Assert.Equal(arrivals.Length - reports.Count, duplicates);
        var reported = expected.ReportedSites.ToHashSet();
        for (var i = 0; i < units.Length; i++)
        {
            var want = expected.For(units[i], reported.Contains);
            var got = await watchers[i].Watcher.WaitForAsync(s => ExpectedFigures.Matches(s, want), $"unit {units[i].Id} to equal {want}");
            Assert.True(ExpectedFigures.Matches(got, want));
        }

        foreach (var site in sites)
        {
            var summary = await fixture.Grains.GetGrain<ISiteGrain>(site.Id).GetSummaryAsync();
            Assert.True(ExpectedFigures.Matches(summary, expected.For(site, reported.Contains)), $"site {site.Id}: {summary}");
        }
    }

    [Fact]
    public async Task A_burst_into_one_community_makes_far_fewer_ancestor_updates_than_reports()
    {
        var community = fixture.Registry.Get("440305001001");
        var sites = community.Children.ToArray();
        var ancestors = Ancestors(sites[0]).Skip(1).ToArray();
        var before = ancestors.ToDictionary(a => a.Id, a => fixture.Calls.CallsTo(a.Id));
        var (watcher, snapshot) = await UnitWatcher.StartAsync(fixture.Grains, fixture.Grains.GetGrain<IUnitGrain>(community.Id));

        const int reports = 10_000;
        var touched = new HashSet<(string, int)>();
        var batches = Enumerable.Range(0, reports).Select(i =>
            {
                var site = sites[i % sites.Length];
                var household = 1 + (i / sites.Length % (int)site.Households);
                touched.Add((site.Id, household));
                return (Site: site.Id, Report: ReportFactory.Screened($"burst-{i}", household, ClusterFixture.Start.AddMilliseconds(-i), ResidentStatus.Normal));
            })
            .Chunk(100)
            .ToArray();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (batch, _) =>
            await Task.WhenAll(batch.GroupBy(r => r.Site).Select(g => fixture.Grains.GetGrain<ISiteGrain>(g.Key).ApplyAsync([.. g.Select(r => r.Report)]))));

        await watcher.WaitForAsync(s => s.ScreenedHouseholds == snapshot.Unit.ScreenedHouseholds + touched.Count, "the burst to reach the community");
        foreach (var ancestor in ancestors)
        {
            var calls = fixture.Calls.CallsTo(ancestor.Id) - before[ancestor.Id];
            Assert.InRange(calls, 1, reports / 20);
        }

        Assert.True(watcher.Changes.Count < reports / 20, $"{watcher.Changes.Count} pushes to the community's watcher");
        Assert.True(snapshot.Unit.Version <= watcher.Changes.Last().Unit.Version);
    }

    [Fact]
    public async Task Versions_pushed_to_a_watcher_only_grow()
    {
        var site = fixture.Registry.Get("440306017001-001");
        var (community, _) = await UnitWatcher.StartAsync(fixture.Grains, fixture.Grains.GetGrain<IUnitGrain>(site.Parent!.Id), includeChildren: true);
        var (city, before) = await UnitWatcher.StartAsync(fixture.Grains, fixture.Grains.GetGrain<IUnitGrain>("4403"));
        var grain = fixture.Grains.GetGrain<ISiteGrain>(site.Id);
        for (var i = 0; i < 50; i++)
        {
            await grain.ApplyAsync([ReportFactory.Screened($"v-{i}", 1 + i, ClusterFixture.Start.AddMinutes(-i), ResidentStatus.Normal)]);
        }

        await community.WaitForAsync(s => s.ScreenedHouseholds >= 50, "all 50 reports at the community");
        await city.WaitForAsync(s => s.ScreenedHouseholds >= before.Unit.ScreenedHouseholds + 50, "all 50 reports at the city");
        AssertGrowing(community.Changes.Select(c => c.Unit.Version));
        AssertGrowing(city.Changes.Select(c => c.Unit.Version));
        AssertGrowing(community.Changes.SelectMany(c => c.Children).Where(c => c.Id == site.Id).Select(c => c.Version));
    }

    [Fact]
    public async Task Gaps_list_stale_sites_first_then_lowest_coverage()
    {
        var community = fixture.Registry.Get("440304001019");
        var sites = community.Children;
        var grain = fixture.Grains.GetGrain<IUnitGrain>(community.Id);
        // Every site but the last reports, the first ones more than the others.
        for (var s = 0; s < sites.Count - 1; s++)
        {
            var reports = Enumerable.Range(1, sites.Count - s).Select(h => ReportFactory.Screened($"gap-{s}-{h}", h, ClusterFixture.Start, ResidentStatus.Normal)).ToArray();
            await fixture.Grains.GetGrain<ISiteGrain>(sites[s].Id).ApplyAsync(reports);
        }

        var (watcher, _) = await UnitWatcher.StartAsync(fixture.Grains, grain);
        await watcher.WaitForAsync(s => s.StaleSites == 1, "all but one site fresh");
        var gaps = await grain.GetGapsAsync(sites.Count);

        Assert.Equal(sites[^1].Id, gaps[0].Id);
        var coverage = gaps.Skip(1).Select(g => (double)g.ScreenedHouseholds / g.RegisteredHouseholds).ToArray();
        Assert.Equal(coverage.Order(), coverage);
        var cityGaps = await fixture.Grains.GetGrain<IUnitGrain>("4403").GetGapsAsync(20);
        Assert.Equal(20, cityGaps.Count);
        Assert.All(cityGaps, g => Assert.Equal(UnitLevels.Site, g.Level));
        Assert.All(cityGaps, g => Assert.Equal(1, g.StaleSites));
    }

    private static void AssertGrowing(IEnumerable<long> versions)
    {
        var list = versions.ToList();
        Assert.NotEmpty(list);
        for (var i = 1; i < list.Count; i++)
        {
            Assert.True(list[i] > list[i - 1], $"version {list[i]} came after {list[i - 1]}");
        }
    }

    private static IEnumerable<RegistryUnit> Ancestors(RegistryUnit site)
    {
        for (var unit = site.Parent; unit is not null; unit = unit.Parent)
        {
            yield return unit;
        }
    }
}
