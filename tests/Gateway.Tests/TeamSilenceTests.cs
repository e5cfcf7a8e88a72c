using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Canvass.Abstractions.Uploads;
using Canvass.Contracts.Gaps;
using Canvass.Gateway.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Canvass.Gateway.Tests;

/// <summary>
/// Silent screening teams through the real host on a fake clock (see <see cref="TeamSilenceClockFixture"/>): a team
/// that uploaded during its shift and then nothing for two hours is a <c>teamSilent</c> alert at its site's
/// community, acknowledged and escalated like the others, cleared by its next upload (at that site at once, at another
/// by the sweep) and by the shift's end; uploads outside the shift, or by anyone but a screener, raise nothing.
/// Each test walks a day of its own.
/// </summary>
[Collection(TeamSilenceClockCollection.Name)]
public class TeamSilenceTests(TeamSilenceClockFixture host)
{
    private const string Community = "440307003004";
    private const string Subdistrict = "440307003";
    private const string SiteA = Community + "-001", SiteB = Community + "-002", SiteC = Community + "-003";

    // The other test's sites are its own: its alerts are counted there.
    private static readonly string[] QuietSites = [Community + "-004", Community + "-005", Community + "-006"];

    [Fact]
    public async Task A_team_silent_for_two_hours_of_its_shift_is_an_alert_at_its_community_until_it_uploads_again_or_the_shift_ends()
    {
        var morning = host.NextMorning();
        var (quiet, moving) = ($"w-quiet-{morning:MMdd}", $"w-moving-{morning:MMdd}");
        using var quietTeam = host.Client(host.Token(Roles.Screener, Community, quiet));
        using var movingTeam = host.Client(host.Token(Roles.Screener, Community, moving));
        using var supervisor = host.Client(host.Token(Roles.Supervisor, Community, "sup-silence"));
        using var display = host.Client(host.Token(Roles.Display, Community, "wall-silence"));

        // 08:30 one team uploads at site B, 09:00 the other at site A.
        host.MoveTo(morning.AddHours(1.5));
        await UploadAsync(movingTeam, $"m-{morning:MMdd}-1", SiteB, 1);
        host.MoveTo(morning.AddHours(2));
        await UploadAsync(quietTeam, $"q-{morning:MMdd}-1", SiteA, 1);

        // 10:59: the 08:30 team is silent (since 10:30), the 09:00 one not yet.
        host.MoveTo(morning.AddHours(3).AddMinutes(59));
        await SweepAsync();
        Assert.Contains(await AlertsAsync(supervisor, SiteB), a => IsSilent(a, moving));
        Assert.DoesNotContain(await AlertsAsync(supervisor, SiteA), a => IsSilent(a, quiet));

        // 11:01: the 09:00 team too, two hours after its upload, listed at its community as the community's own.
        host.MoveTo(morning.AddHours(4).AddMinutes(1));
        var listed = await Eventually.UntilAsync(() => AlertsAsync(supervisor, Community), l => l.Any(a => IsSilent(a, quiet)) && l.Any(a => IsSilent(a, moving)),
            "the community to list both silent teams");
        var silent = listed.Single(a => IsSilent(a, quiet));
        Assert.Equal(AlertIds.Format(SiteA, GapKind.TeamSilent, 0, morning.AddHours(2).ToUnixTimeMilliseconds()), silent.GetProperty("id").GetString());
        Assert.Equal((SiteA, Community, Community, 0), (silent.GetProperty("siteId").GetString(), silent.GetProperty("communityId").GetString(),
            silent.GetProperty("reachedUnitId").GetString(), silent.GetProperty("escalations").GetInt32()));
        Assert.Equal(morning.AddHours(4), silent.GetProperty("raisedAt").GetDateTimeOffset());
        Assert.False(silent.TryGetProperty("household", out _));
        Assert.Contains("no upload since", silent.GetProperty("detail").GetString());
        var summary = await host.GetJsonAsync($"/api/units/{Community}");
        Assert.True(summary.GetProperty("unacknowledgedAlerts").GetInt32() >= 2, summary.GetRawText());

        // A wall sees the count, not which team.
        Assert.DoesNotContain(await AlertsAsync(display, Community), a => a.GetProperty("kind").GetString() == "teamSilent");

        // The supervisor takes one on: acknowledged, it stays at the community; the other escalates after an hour.
        var id = silent.GetProperty("id").GetString()!;
        using (var ack = await supervisor.PostAsJsonAsync($"/api/alerts/{Uri.EscapeDataString(id)}/ack", new { by = "Li Wei", note = "called the team lead" }))
        {
            Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
            Assert.Equal("sup-silence", (await ack.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("acknowledgement").GetProperty("subject").GetString());
        }

        host.MoveTo(morning.AddHours(4).AddMinutes(31));
        var later = await Eventually.UntilAsync(() => AlertsAsync(supervisor, Community), l => l.Any(a => IsSilent(a, moving) && a.GetProperty("escalations").GetInt32() == 1),
            "the unacknowledged silence to escalate");
        Assert.Equal(Subdistrict, later.Single(a => IsSilent(a, moving)).GetProperty("reachedUnitId").GetString());
        var acknowledged = later.Single(a => IsSilent(a, quiet));
        Assert.Equal((0, "Li Wei"), (acknowledged.GetProperty("escalations").GetInt32(), acknowledged.GetProperty("acknowledgement").GetProperty("by").GetString()));
        Assert.Contains(await AlertsAsync(host.Http, Subdistrict, escalated: true), a => IsSilent(a, moving));

        // 11:40 both upload again: the quiet team at its own site, which clears its alert with the batch; the moving
        // team at another site, whose alert at site B the sweep clears.
        host.MoveTo(morning.AddHours(4).AddMinutes(40));
        await UploadAsync(quietTeam, $"q-{morning:MMdd}-2", SiteA, 2);
        Assert.DoesNotContain(await AlertsAsync(supervisor, SiteA), a => IsSilent(a, quiet));
        await UploadAsync(movingTeam, $"m-{morning:MMdd}-2", SiteC, 1);
        await Eventually.UntilAsync(() => AlertsAsync(supervisor, Community), l => !l.Any(a => IsSilent(a, quiet) || IsSilent(a, moving)), "both silences to clear");

        // Silent again two hours after 11:40, under a new id; the shift's end (19:00) clears it.
        host.MoveTo(morning.AddHours(6).AddMinutes(41));
        var again = (await Eventually.UntilAsync(() => AlertsAsync(supervisor, Community), l => l.Any(a => IsSilent(a, quiet)), "the second silence")).Single(a => IsSilent(a, quiet));
        Assert.Equal(morning.AddHours(6).AddMinutes(40), again.GetProperty("raisedAt").GetDateTimeOffset());
        Assert.NotEqual(id, again.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, again.GetProperty("acknowledgement").ValueKind);
        host.MoveTo(morning.AddHours(12));
        await Eventually.UntilAsync(() => AlertsAsync(supervisor, Community), l => !l.Any(a => a.GetProperty("kind").GetString() == "teamSilent"), "the shift's end to clear every silence");
        await Eventually.UntilAsync(() => host.GetJsonAsync($"/api/units/{SiteA}"), s => s.GetProperty("openAlerts").GetInt32() == 0, "site A to count no alert");
    }

    [Fact]
    public async Task Uploads_outside_the_shift_too_late_in_it_or_not_by_a_screener_raise_nothing()
    {
        var morning = host.NextMorning();
        using var late = host.Client(host.Token(Roles.Screener, Community, $"w-late-{morning:MMdd}"));
        using var night = host.Client(host.Token(Roles.Screener, Community, $"w-night-{morning:MMdd}"));
        using var early = host.Client(host.Token(Roles.Screener, Community, $"w-early-{morning:MMdd}"));

        // 09:00 an admin's upload (not a team's); 17:30, less than two hours before the shift ends at 19:00; 19:45,
        // after it; 06:30 the next day, before that day's shift. Each looked at once two hours have passed: none is silent.
        var uploads = new (HttpClient Client, DateTimeOffset At, string Site)[]
        {
            (host.Http, morning.AddHours(2), QuietSites[0]),
            (late, morning.AddHours(10).AddMinutes(30), QuietSites[1]),
            (night, morning.AddHours(12).AddMinutes(45), QuietSites[2]),
            (early, morning.AddHours(23).AddMinutes(30), QuietSites[0]),
        };

        foreach (var (client, at, site) in uploads)
        {
            host.MoveTo(at);
            await UploadAsync(client, $"x-{at:MMddHHmm}", site, at.Hour);
            host.MoveTo(at.AddHours(2).AddMinutes(1));
            await SweepAsync();
            foreach (var quiet in QuietSites)
            {
                Assert.DoesNotContain(await AlertsAsync(host.Http, quiet), a => a.GetProperty("kind").GetString() == "teamSilent");
            }
        }
    }

    private static bool IsSilent(JsonElement alert, string subject) =>
        alert.GetProperty("kind").GetString() == "teamSilent" && alert.GetProperty("detail").GetString()!.StartsWith($"team {subject}:", StringComparison.Ordinal);

    /// <summary>One look of the sweep after the clock moved, awaited: what it raises or clears is at the sites when it returns.</summary>
    private Task SweepAsync() => host.Services.GetRequiredService<IGrainFactory>().GetGrain<ITeamSilenceGrain>(0).CheckAsync();

    private async Task UploadAsync(HttpClient team, string reportId, string site, int household)
    {
        var report = Reports.Screened(reportId, site, household, "normal");
        report["screenedAt"] = Reports.At(host.Time.GetUtcNow().AddMinutes(-1));
        using var response = await team.PostAsync("/api/reports", new StringContent(Reports.Json(report), System.Text.Encoding.UTF8, "application/json"));
        var reply = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK && reply.GetProperty("accepted").GetInt32() == 1, reply.GetRawText());
    }

    private static async Task<JsonElement[]> AlertsAsync(HttpClient client, string unit, bool escalated = false)
    {
        using var response = await client.GetAsync($"/api/units/{unit}/alerts{(escalated ? "?escalated=true" : "")}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()];
    }
}
