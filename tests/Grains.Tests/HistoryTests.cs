using Canvass.Abstractions.History;
using Canvass.Abstractions.Screening;
using Canvass.Abstractions.Units;

namespace Canvass.Grains.Tests;

/// <summary>Its own cluster: these tests move the screening clock, which the history recorder's minutes follow.</summary>
public class HistoryTests(HistoryTests.Cluster fixture) : IClassFixture<HistoryTests.Cluster>
{
    public sealed class Cluster : ClusterFixture;

    [Fact]
    public async Task A_report_becomes_a_point_of_its_site_and_of_every_unit_above_it_at_the_next_minute()
    {
        var site = fixture.Registry.Get("440305006003-001");
        var city = fixture.Grains.GetGrain<IUnitGrain>("4403");
        var (watcher, _) = await UnitWatcher.StartAsync(fixture.Grains, city);
        var before = await city.GetSummaryAsync();
        await fixture.Grains.GetGrain<ISiteGrain>(site.Id).ApplyAsync([ReportFactory.Screened("h-1", 3, fixture.Clock.GetUtcNow(), ResidentStatus.Fever)]);
        await watcher.WaitForAsync(s => s.ScreenedHouseholds == before.ScreenedHouseholds + 1, "the report to reach the city");

        var boundary = NextMinute(fixture.Clock.GetUtcNow());
        fixture.Clock.Advance(boundary - fixture.Clock.GetUtcNow());
        string[] units = [site.Id, site.Parent!.Id, site.Parent.Parent!.Id, "440305", "4403"];
        await fixture.History.WaitForAsync(c => c.Kind == "append" && units.All(u => c.Points.Any(p => p.UnitId == u)),
            "points of the site and every unit above it");

        var history = fixture.Grains.GetGrain<IHistoryGrain>(0);
        var asOf = await history.AsOfAsync(site.Id, boundary);
        Assert.NotNull(asOf);
        Assert.Equal(boundary, asOf.At);
        Assert.Equal(TimeSpan.FromHours(8), asOf.At.Offset);
        Assert.Equal(1, asOf.Summary.ScreenedHouseholds);
        Assert.Equal(1, asOf.Summary.Residents.Fever);
        Assert.Equal(site.Name, asOf.Summary.Name);
        var cityPoints = await history.RangeAsync("4403", boundary, boundary, 10);
        Assert.Equal(before.ScreenedHouseholds + 1, Assert.Single(cityPoints).Summary.ScreenedHouseholds);
        // A range after the last change starts with the figures as of its start: the point before it.
        var quiet = Assert.Single(await history.RangeAsync(site.Id, boundary.AddMinutes(5), boundary.AddMinutes(10), 10));
        Assert.Equal(boundary, quiet.At);
        Assert.Null(await history.AsOfAsync(site.Id, boundary.AddTicks(-1)));
    }

    private static DateTimeOffset NextMinute(DateTimeOffset time) =>
        new DateTimeOffset(time.UtcTicks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute + TimeSpan.TicksPerMinute, TimeSpan.Zero).ToOffset(time.Offset);
}
