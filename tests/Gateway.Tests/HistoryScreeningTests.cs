using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Canvass.Gateway.Tests;

/// <summary>
/// The history by screening time through the real host on a fake clock (see <see cref="HistoryClockFixture"/>): a
/// batch screened in the morning and uploaded at 17:00 revises the points it falls in, at the site and above it;
/// the curve as received stays as it was seen; a day later the old points are final and a report screened before
/// the late window counts from the oldest provisional point, leaving every final point as it was. Checkpoint reports
/// do the same by their <c>at</c>: closed, unstaffed and the last hour's temperature checks.
/// </summary>
[Collection(HistoryClockCollection.Name)]
public class HistoryScreeningTests(HistoryClockFixture host)
{
    private const string Site = "440311001001-002";
    private const string Entrance = "440311001001-001";
    private static readonly string Community = Site[..12];

    [Fact]
    public async Task A_late_batch_revises_the_points_it_was_screened_in_and_leaves_the_curve_as_received_and_final_points_alone()
    {
        var morning = host.NextMorning();
        var nine = morning.AddHours(2);

        // 09:00:10 household 1 screened, posted at once.
        host.MoveTo(nine.AddSeconds(30));
        await PostAsync(Report("hs-1", 1, nine.AddSeconds(10), "screened", "normal", "normal"));
        await WrittenAsync(Site, nine.AddSeconds(30), p => Screened(p) == 1);
        var receivedBefore = await HistoryAsync(Site, morning, nine.AddHours(9), asReceived: true);

        // 17:00: the team's phone comes back online with the day's work: household 2 screened at 10:00:10, household
        // 3 at 11:00:10, and household 1 found absent on a second visit at 11:30:10.
        var five = morning.AddHours(10);
        host.MoveTo(five);
        await PostAsync(
            Report("hs-2", 2, nine.AddHours(1).AddSeconds(10), "screened", "fever"),
            Report("hs-3", 3, nine.AddHours(2).AddSeconds(10), "screened", "normal"),
            Report("hs-1b", 1, nine.AddHours(2).AddMinutes(30).AddSeconds(10), "absent"));
        await WrittenAsync(Site, five, p => Absent(p) == 1);

        var curve = await HistoryAsync(Site, morning, host.Time.GetUtcNow());
        Assert.Equal(1, At(curve, nine.AddMinutes(30)).Screened);
        Assert.Equal((2, 0), (At(curve, nine.AddHours(1).AddMinutes(30)).Screened, At(curve, nine.AddHours(1).AddMinutes(30)).Absent));
        Assert.Equal((3, 0), (At(curve, nine.AddHours(2).AddMinutes(20)).Screened, At(curve, nine.AddHours(2).AddMinutes(20)).Absent));
        Assert.Equal((2, 1), (At(curve, nine.AddHours(3)).Screened, At(curve, nine.AddHours(3)).Absent));
        // Points at the seconds the reports were screened in (History:Interval), every one provisional for a day.
        Assert.Contains(curve, p => p.At == nine.AddHours(1).AddSeconds(10));
        Assert.All(curve, p => Assert.True(p.Provisional));
        var fever = (await host.GetJsonAsync($"/api/units/{Site}/history?at={Escape(nine.AddHours(1).AddMinutes(1))}"))
            .GetProperty("summary").GetProperty("residents").GetProperty("fever").GetInt64();
        Assert.Equal(1, fever);

        // The community adds up its sites' rows: the same curve.
        await WrittenAsync(Community, five, p => Absent(p) >= 1);
        var above = await HistoryAsync(Community, morning, host.Time.GetUtcNow());
        Assert.Equal(2, At(above, nine.AddHours(1).AddMinutes(30)).Screened);

        // As received: the same points as before for the time before the batch came, the batch at 17:00.
        var received = await HistoryAsync(Site, morning, host.Time.GetUtcNow(), asReceived: true);
        Assert.Equal(receivedBefore.Select(Key), received.Where(p => p.At <= receivedBefore[^1].At).Select(Key));
        Assert.Equal(1, At(received, nine.AddHours(3)).Screened);
        Assert.All(received, p => Assert.False(p.Provisional));
        Assert.Equal(1, Screened(await host.GetJsonAsync($"/api/units/{Site}/history?at={Escape(nine.AddHours(3))}&asReceived=true")));
        Assert.Equal(3, Screened(await host.GetJsonAsync($"/api/units/{Site}/history?at={Escape(nine.AddHours(2).AddMinutes(20))}")));

        // The next day at 12:00: points up to 12:00 yesterday are final, the later ones still provisional.
        var noon = morning.AddDays(1).AddHours(5);
        host.MoveTo(noon);
        var dayLater = await HistoryAsync(Site, morning, noon);
        Assert.All(dayLater, p => Assert.Equal(p.At > noon.AddDays(-1), p.Provisional));
        var final = dayLater.Where(p => !p.Provisional).ToList();
        Assert.NotEmpty(final);

        // A report screened yesterday at 10:00:20, before the window, arrives: household 4 counts from the oldest
        // provisional point (just after 12:00 yesterday), and no final point changes.
        await PostAsync(Report("hs-4", 4, nine.AddHours(1).AddSeconds(20), "screened", "normal"));
        await WrittenAsync(Site, noon, p => Screened(p) == 3);
        var revised = await HistoryAsync(Site, morning, host.Time.GetUtcNow());
        // (The clock moved a few seconds while the test waited, so the point the report landed on is final by now too.)
        Assert.Equal(final.Select(Key), revised.Where(p => p.At <= noon.AddDays(-1)).Select(Key));
        Assert.Equal(2, At(revised, noon.AddDays(-1)).Screened);
        Assert.Equal(3, At(revised, noon.AddDays(-1).AddMinutes(1)).Screened);
    }

    [Fact]
    public async Task A_late_checkpoint_batch_revises_closed_unstaffed_and_the_last_hours_checks_of_the_points_it_was_timed_in()
    {
        var morning = host.NextMorning();
        var nine = morning.AddHours(2);

        // 09:00:10 the entrance closed and staffed, 100 checks, posted at once.
        host.MoveTo(nine.AddSeconds(30));
        await PostCheckpointsAsync(Checkpoint("cp-9", nine.AddSeconds(10), closed: true, staffed: true, checks: 100));
        await WrittenAsync(Entrance, nine.AddSeconds(30), p => Figures(p) == (1, 0, 100));
        var receivedBefore = await HistoryAsync(Entrance, morning, nine.AddHours(9), asReceived: true);

        // 17:00: the entrance's tablet uploads the rest of the morning: open and unstaffed at 10:00:10 with 250 checks,
        // closed and staffed again at 11:00:10 with 40.
        var five = morning.AddHours(10);
        host.MoveTo(five);
        await PostCheckpointsAsync(
            Checkpoint("cp-10", nine.AddHours(1).AddSeconds(10), closed: false, staffed: false, checks: 250),
            Checkpoint("cp-11", nine.AddHours(2).AddSeconds(10), closed: true, staffed: true, checks: 40));
        var half = nine.AddHours(1).AddMinutes(30);
        await WrittenAsync(Entrance, half, p => Figures(p) == (0, 1, 250));
        await WrittenAsync(Community, half, p => Figures(p) == (0, 1, 250));

        foreach (var unit in new[] { Entrance, Community })
        {
            var curve = await HistoryAsync(unit, morning, host.Time.GetUtcNow());
            Assert.Equal((1, 0, 100), At(curve, nine.AddMinutes(30)).Figures);
            // The 09:00:10 checks leave the last hour at 10:00:10, when the open entrance's come in.
            Assert.Equal((1, 0, 100), At(curve, nine.AddHours(1).AddSeconds(9)).Figures);
            Assert.Equal((0, 1, 250), At(curve, nine.AddHours(1).AddSeconds(10)).Figures);
            Assert.Equal((1, 0, 40), At(curve, nine.AddHours(2).AddMinutes(30)).Figures);
            Assert.Equal((1, 0, 0), At(curve, nine.AddHours(3).AddMinutes(30)).Figures);
            // (The community's first point, its figures as of 07:00, may be days older: final.)
            Assert.All(curve.Where(p => p.At >= morning), p => Assert.True(p.Provisional));
        }

        // As received: the curve seen live up to the batch, which the entrance's newest report decides from 17:00 on.
        var received = await HistoryAsync(Entrance, morning, host.Time.GetUtcNow(), asReceived: true);
        Assert.Equal(receivedBefore.Select(Key), received.Where(p => p.At <= receivedBefore[^1].At).Select(Key));
        Assert.Equal((1, 0), (At(received, half).Figures.Closed, At(received, half).Figures.Unstaffed));
        Assert.Equal((1, 0, 100), Figures(await host.GetJsonAsync($"/api/units/{Entrance}/history?at={Escape(half)}&asReceived=true")));

        // The next day at 12:00: a report timed yesterday at 11:30:10 (before the window), unstaffed with 70 checks,
        // counts from the oldest provisional point, its checks until 12:30:10 yesterday; no final point changes. As
        // received it is the newest report: unstaffed now.
        var noon = morning.AddDays(1).AddHours(5);
        host.MoveTo(noon);
        var final = (await HistoryAsync(Entrance, morning, noon)).Where(p => !p.Provisional).ToList();
        Assert.NotEmpty(final);
        await PostCheckpointsAsync(Checkpoint("cp-1130", nine.AddHours(2).AddMinutes(30).AddSeconds(10), closed: true, staffed: false, checks: 70));
        await WrittenAsync(Entrance, noon.AddDays(-1).AddMinutes(1), p => Figures(p) == (1, 1, 70));

        var revised = await HistoryAsync(Entrance, morning, host.Time.GetUtcNow());
        Assert.Equal(final.Select(Key), revised.Where(p => p.At <= noon.AddDays(-1)).Select(Key));
        Assert.Equal((1, 0, 40), At(revised, noon.AddDays(-1)).Figures);
        Assert.Equal((1, 1, 0), At(revised, noon.AddDays(-1).AddMinutes(31)).Figures);
        Assert.Equal((1, 1, 0), Figures(await host.GetJsonAsync($"/api/units/{Entrance}")));
    }

    [Theory]
    [InlineData("asReceived=yes")]
    [InlineData("asReceived=1")]
    [InlineData("asReceived=")]
    [InlineData("at=2020-02-03T08:00:00Z&asReceived=no")]
    public async Task An_asReceived_other_than_true_or_false_is_a_400_problem(string query)
    {
        var problem = await IngestTests.ProblemAsync(await host.Http.GetAsync($"/api/units/{Site}/history?{query}"), HttpStatusCode.BadRequest);

        Assert.Contains("is neither true nor false", problem.GetProperty("detail").GetString());
    }

    private sealed record Point(DateTimeOffset At, long Screened, long Absent, bool Provisional, string Json, (long Closed, long Unstaffed, long Checks) Figures);

    private static string Key(Point p) => $"{p.At:O} {p.Json} {p.Provisional}";

    // The figures as of an instant: the last point at or before it.
    private static Point At(IReadOnlyList<Point> curve, DateTimeOffset at) => curve.Last(p => p.At <= at);

    private async Task<List<Point>> HistoryAsync(string unit, DateTimeOffset from, DateTimeOffset to, bool asReceived = false)
    {
        var query = $"from={Escape(from)}&to={Escape(to)}" + (asReceived ? "&asReceived=true" : "");
        var history = await host.GetJsonAsync($"/api/units/{unit}/history?{query}");
        return history.EnumerateArray().Select(p => new Point(
            DateTimeOffset.Parse(p.GetProperty("at").GetString()!, CultureInfo.InvariantCulture),
            Screened(p), Absent(p), p.GetProperty("provisional").GetBoolean(), p.GetProperty("summary").GetRawText(), Figures(p))).ToList();
    }

    // The recorder writes at the boundaries of the fake clock: a second on at each look, until the history shows it
    // (as of now, or as of a checkpoint's past instant, which is where a late checkpoint batch shows).
    private async Task WrittenAsync(string unit, DateTimeOffset at, Func<JsonElement, bool> condition) =>
        await Eventually.UntilAsync(async () =>
        {
            host.Time.Advance(TimeSpan.FromSeconds(1));
            var now = host.Time.GetUtcNow();
            return await host.GetJsonAsync($"/api/units/{unit}/history?at={Escape(at < now.AddSeconds(-1) ? at : now)}");
        }, condition, $"the history of {unit} as of {at:O}", TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(200));

    private async Task PostAsync(params object[] reports)
    {
        var response = await host.PostReportsAsync(Reports.Json(reports));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        Assert.Equal(reports.Length, JsonDocument.Parse(body).RootElement.GetProperty("accepted").GetInt32());
    }

    private static Dictionary<string, object?> Report(string id, int household, DateTimeOffset screenedAt, string outcome, params string[] statuses)
    {
        var report = Reports.Screened(id, Site, household, statuses);
        report["screenedAt"] = Reports.At(screenedAt);
        report["outcome"] = outcome;
        return report;
    }

    private async Task PostCheckpointsAsync(params object[] checkpoints)
    {
        var response = await host.Http.PostAsync("/api/checkpoints", new StringContent(Reports.Json(checkpoints), System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        Assert.Equal(checkpoints.Length, JsonDocument.Parse(body).RootElement.GetProperty("accepted").GetInt32());
    }

    private static Dictionary<string, object?> Checkpoint(string id, DateTimeOffset at, bool closed, bool staffed, int checks) => new()
    {
        ["reportId"] = id, ["siteId"] = Entrance, ["at"] = Reports.At(at), ["closed"] = closed, ["staffed"] = staffed, ["temperatureChecks"] = checks,
    };

    private static (long Closed, long Unstaffed, long Checks) Figures(JsonElement point)
    {
        var summary = point.TryGetProperty("summary", out var inner) ? inner : point;
        return (summary.GetProperty("closedSites").GetInt64(), summary.GetProperty("unstaffedSites").GetInt64(), summary.GetProperty("temperatureChecksLastHour").GetInt64());
    }

    private static string Escape(DateTimeOffset at) => Uri.EscapeDataString(Reports.At(at));

    private static long Screened(JsonElement point) => point.GetProperty("summary").GetProperty("screenedHouseholds").GetInt64();

    private static long Absent(JsonElement point) => point.GetProperty("summary").GetProperty("absentHouseholds").GetInt64();
}
