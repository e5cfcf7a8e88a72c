using Canvass.Abstractions.Gaps;
using Canvass.Abstractions.Screening;
using Canvass.Abstractions.Units;

namespace Canvass.Grains.Tests;

/// <summary>
/// A site's silent teams on a cluster of their own, whose fake screening clock the test moves (the shift and silent
/// period of the defaults: 07:00-19:00, two hours): raised once whatever the sweep repeats, one alert per team,
/// cleared by the sweep or by anything the team sends to the site, and by the shift's end, the version only growing.
/// </summary>
public class SilentTeamTests(SilentTeamTests.Cluster fixture) : IClassFixture<SilentTeamTests.Cluster>
{
    public sealed class Cluster : ClusterFixture;

    [Fact]
    public async Task A_silence_is_raised_once_per_team_cleared_by_the_team_or_the_sweep_and_by_the_shifts_end_with_the_version_only_growing()
    {
        var site = fixture.Registry.Sites.GroupBy(s => s.Parent!.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Skip(300).First().First();
        var grain = fixture.Grains.GetGrain<ISiteGrain>(site.Id);
        var upload = fixture.Clock.GetUtcNow();
        await grain.ApplyAsync([ReportFactory.Screened("st-1", 1, upload, ResidentStatus.Normal)], "w-1");
        var versions = new List<long> { (await grain.GetSummaryAsync()).Version };

        // Two hours on the sweep says two teams went silent since that instant: an alert each, raised at 10:00.
        fixture.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        await grain.RaiseTeamSilenceAsync("w-1", upload);
        await grain.RaiseTeamSilenceAsync("w-2", upload);
        versions.Add((await grain.GetSummaryAsync()).Version);
        await grain.RaiseTeamSilenceAsync("w-1", upload);
        Assert.Equal(versions[^1], (await grain.GetSummaryAsync()).Version);
        var alerts = (await grain.GetAlertsAsync(0)).Where(a => a.Kind == GapKind.TeamSilent).OrderBy(a => a.Detail, StringComparer.Ordinal).ToList();
        Assert.Equal(["team w-1:", "team w-2:"], alerts.Select(a => a.Detail[..9]));
        Assert.Equal([upload.AddHours(2), upload.AddHours(2)], alerts.Select(a => a.RaisedAt));
        Assert.NotEqual(alerts[0].Id, alerts[1].Id);
        Assert.All(alerts, a => Assert.Null(a.Household));

        // w-2 was heard from elsewhere (the sweep says so); w-1 sends a report here: both cleared.
        await grain.ClearTeamSilenceAsync("w-2", upload, fixture.Clock.GetUtcNow());
        await grain.ClearTeamSilenceAsync("w-2", upload, fixture.Clock.GetUtcNow());
        Assert.DoesNotContain(await grain.GetAlertsAsync(0), a => a.Id == alerts[1].Id);
        var back = fixture.Clock.GetUtcNow();
        await grain.ApplyAsync([ReportFactory.Screened("st-2", 1, upload, ResidentStatus.Normal)], "w-1");
        Assert.DoesNotContain(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.TeamSilent);
        versions.Add((await grain.GetSummaryAsync()).Version);

        // Silent again two hours after its return; it escalates unacknowledged, and the shift's end at 19:00 clears it.
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        await grain.RaiseTeamSilenceAsync("w-1", back);
        versions.Add((await grain.GetSummaryAsync()).Version);
        fixture.Clock.SetUtcNow(upload.AddHours(11).AddMinutes(-1));
        Assert.Equal(3, Assert.Single(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.TeamSilent).Escalations);
        versions.Add((await grain.GetSummaryAsync()).Version);
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.TeamSilent);
        versions.Add((await grain.GetSummaryAsync()).Version);
        // The site's next time check forgets the team, which counts as a change.
        await TestSupport.Eventually.UntilAsync(grain.GetSummaryAsync, s => s.Version > versions[^1], "the site to forget the team", TimeSpan.FromSeconds(10));
        versions.Add((await grain.GetSummaryAsync()).Version);
        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Count, versions.Distinct().Count());

        // After the shift a raise is refused.
        await grain.RaiseTeamSilenceAsync("w-1", back);
        Assert.DoesNotContain(await grain.GetAlertsAsync(0), a => a.Kind == GapKind.TeamSilent);
    }
}
