using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Canvass.Cluster.Tests;

/// <summary>The embedded default with history points every second, killed with SIGKILL and started again.</summary>
public sealed class HistoryServer : EmbeddedServer
{
    protected override string[] Settings => ["--History:Interval=00:00:01"];
}

/// <summary>The history by screening time, revised by late batches of reports and checkpoints, is the same curve after a kill and a restart.</summary>
public sealed class HistoryRestartTests(HistoryServer embedded) : IClassFixture<HistoryServer>
{
    private ServerProcess Server => embedded.Process;

    [Fact]
    public async Task A_curve_revised_by_a_late_batch_is_the_same_after_a_kill_and_a_restart_at_the_site_and_above_it()
    {
        using var http = TestTokens.Client(Server.Url);
        var site = CrashTests.Sites().First(s => s.Households >= 3).Id;
        var community = site[..12];
        var now = DateTimeOffset.UtcNow;
        // Household 1 screened now; the late batch: household 2 two hours ago, household 3 one hour ago.
        await PostAsync(http, Report("hr-1", site, 1, now.AddSeconds(-1)));
        await PostAsync(http, Report("hr-2", site, 2, now.AddHours(-2)), Report("hr-3", site, 3, now.AddHours(-1)));
        // The entrance closed and staffed now; the late batch: unstaffed with 30 checks 90 minutes ago.
        await PostAsync(http, "/api/checkpoints", Checkpoint("hc-1", site, now.AddSeconds(-1), staffed: true, checks: 5));
        await PostAsync(http, "/api/checkpoints", Checkpoint("hc-2", site, now.AddMinutes(-90), staffed: false, checks: 30));
        var from = now.AddHours(-3);
        var siteBefore = await CurveAsync(http, site, from, p => p.Count > 0 && p[^1].Screened == 3 && p.Any(q => q.Unstaffed == 1));
        var communityBefore = await CurveAsync(http, community, from, p => p.Count > 0 && p[^1].Screened >= 3 && p.Any(q => q.Unstaffed >= 1));
        Assert.Equal(1, At(siteBefore, now.AddMinutes(-100)).Screened);
        Assert.Equal((1L, 1L, 30L), (At(siteBefore, now.AddMinutes(-80)).Closed, At(siteBefore, now.AddMinutes(-80)).Unstaffed, At(siteBefore, now.AddMinutes(-80)).Checks));
        Assert.Equal((2L, 1L, 0L), (At(siteBefore, now.AddMinutes(-20)).Screened, At(siteBefore, now.AddMinutes(-20)).Unstaffed, At(siteBefore, now.AddMinutes(-20)).Checks));

        Server.Kill();
        await Server.StartAsync(TimeSpan.FromSeconds(90));
        // The site rewrites its rows when it activates (reading it activates it), with the summary it records then.
        var end = siteBefore[^1].At;
        await http.GetFromJsonAsync<JsonElement>($"/api/units/{site}");
        var siteAfter = await CurveAsync(http, site, from, p => p.Count > 0 && p[^1].At > end);
        var communityAfter = await CurveAsync(http, community, from, p => p.Count > 0 && p[^1].At > end);

        Assert.Equal(siteBefore, siteAfter.Where(p => p.At <= end));
        Assert.Equal(communityBefore, communityAfter.Where(p => p.At <= communityBefore[^1].At));
        Assert.Equal(3, siteAfter[^1].Screened);
        Assert.Equal((1L, 0L, 5L), (siteAfter[^1].Closed, siteAfter[^1].Unstaffed, siteAfter[^1].Checks));
        Assert.Equal(communityBefore[^1].Screened, communityAfter[^1].Screened);
    }

    private sealed record Point(DateTimeOffset At, long Screened, bool Provisional, long Closed, long Unstaffed, long Checks);

    private static Point At(IReadOnlyList<Point> curve, DateTimeOffset at) => curve.Last(p => p.At <= at);

    // The recorder writes every second; there is nothing to subscribe to, so this asks again until a deadline.
    private static async Task<List<Point>> CurveAsync(HttpClient http, string unit, DateTimeOffset from, Func<List<Point>, bool> done)
    {
        return await Eventually.UntilAsync(async () =>
        {
            var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddSeconds(1).ToString("O", CultureInfo.InvariantCulture));
            var history = await http.GetFromJsonAsync<JsonElement>($"/api/units/{unit}/history?from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={to}");
            return history.EnumerateArray().Select(p => new Point(
                DateTimeOffset.Parse(p.GetProperty("at").GetString()!, CultureInfo.InvariantCulture),
                p.GetProperty("summary").GetProperty("screenedHouseholds").GetInt64(),
                p.GetProperty("provisional").GetBoolean(),
                p.GetProperty("summary").GetProperty("closedSites").GetInt64(),
                p.GetProperty("summary").GetProperty("unstaffedSites").GetInt64(),
                p.GetProperty("summary").GetProperty("temperatureChecksLastHour").GetInt64())).ToList();
        }, done, $"the history of {unit}", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(250));
    }

    private static Dictionary<string, object> Report(string id, string site, int household, DateTimeOffset screenedAt) => new()
    {
        ["reportId"] = id, ["siteId"] = site, ["household"] = household, ["screenedAt"] = screenedAt, ["screenerId"] = "w-1",
        ["outcome"] = "screened", ["residents"] = new[] { new { status = "normal" } },
    };

    private static Dictionary<string, object> Checkpoint(string id, string site, DateTimeOffset at, bool staffed, int checks) => new()
    {
        ["reportId"] = id, ["siteId"] = site, ["at"] = at, ["closed"] = true, ["staffed"] = staffed, ["temperatureChecks"] = checks,
    };

    private static Task PostAsync(HttpClient http, params Dictionary<string, object>[] reports) => PostAsync(http, "/api/reports", reports);

    private static async Task PostAsync(HttpClient http, string route, params Dictionary<string, object>[] reports)
    {
        using var response = await http.PostAsJsonAsync(route, reports);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        Assert.Equal(reports.Length, JsonDocument.Parse(body).RootElement.GetProperty("accepted").GetInt32());
    }
}
