using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Canvass.Gateway.Tests;

[Collection(EmbeddedHostCollection.Name)]
public class HistoryApiTests(EmbeddedHostFixture host)
{
    // A site no other test of this host reports to, so that it has no history before this test's report.
    private const string Site = "440311001001-002";

    [Fact]
    public async Task A_report_shows_in_the_history_of_its_site_and_as_of_the_minute_it_was_recorded()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);
        var response = await host.PostReportsAsync(Reports.Json(Reports.Screened("history-1", Site, 4, "normal", "fever")));
        response.EnsureSuccessStatusCode();

        // The host records a point every second (History:Interval in the fixture); wait for the one after the report.
        var history = await WaitForAsync($"/api/units/{Site}/history", h => h.EnumerateArray().Any(p => Screened(p) == 1), "the site's point");

        var point = history.EnumerateArray().Last();
        Assert.Equal(["at", "summary", "provisional"], point.EnumerateObject().Select(p => p.Name));
        var at = DateTimeOffset.Parse(point.GetProperty("at").GetString()!, CultureInfo.InvariantCulture);
        Assert.EndsWith("+08:00", point.GetProperty("at").GetString());
        Assert.True(at > before);
        var summary = point.GetProperty("summary");
        Assert.Equal(Site, summary.GetProperty("id").GetString());
        Assert.Equal("华侨名苑", summary.GetProperty("name").GetString());
        Assert.Equal("compound", summary.GetProperty("kind").GetString());
        Assert.Equal(2, summary.GetProperty("residents").GetProperty("normal").GetInt64() + summary.GetProperty("residents").GetProperty("fever").GetInt64());
        var ats = history.EnumerateArray().Select(p => DateTimeOffset.Parse(p.GetProperty("at").GetString()!, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(ats.Order(), ats);

        var asOf = await host.GetJsonAsync($"/api/units/{Site}/history?at={Uri.EscapeDataString(point.GetProperty("at").GetString()!)}");
        Assert.Equal(point.GetProperty("at").GetString(), asOf.GetProperty("at").GetString());
        Assert.Equal(1, Screened(asOf));
        var later = await host.GetJsonAsync($"/api/units/{Site}/history?at={Uri.EscapeDataString(Reports.At(at.AddHours(5)))}");
        Assert.Equal(1, Screened(later));

        var earlier = Reports.At(before.AddMinutes(-1));
        var problem = await IngestTests.ProblemAsync(await host.Http.GetAsync($"/api/units/{Site}/history?at={Uri.EscapeDataString(earlier)}"), HttpStatusCode.NotFound);
        Assert.Contains($"no figures recorded at or before {earlier}", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_city_history_of_a_given_range_starts_with_the_figures_as_of_its_start_then_holds_the_points_inside_it()
    {
        await host.PostReportsAsync(Reports.Json(Reports.Screened("history-city-1", "440311001001-001", 7, "normal")));
        await WaitForAsync("/api/units/4403/history", h => h.GetArrayLength() > 0, "a point of the city");
        var now = DateTimeOffset.UtcNow;
        var from = Reports.At(now.AddMinutes(-5));
        var to = Reports.At(now.AddSeconds(1));

        // An unencoded '+' (read as a space) is accepted too.
        var history = await host.GetJsonAsync($"/api/units/4403/history?from={Uri.EscapeDataString(from)}&to={to}");

        Assert.NotEqual(0, history.GetArrayLength());
        var start = DateTimeOffset.Parse(from, CultureInfo.InvariantCulture);
        var end = DateTimeOffset.Parse(to, CultureInfo.InvariantCulture);
        var points = history.EnumerateArray().ToArray();
        for (var i = 0; i < points.Length; i++)
        {
            var at = DateTimeOffset.Parse(points[i].GetProperty("at").GetString()!, CultureInfo.InvariantCulture);
            // Only the first may lie before the range: it is the figures as of its start.
            Assert.InRange(at, i == 0 ? DateTimeOffset.MinValue : start, end);
            Assert.Equal("4403", points[i].GetProperty("summary").GetProperty("id").GetString());
        }
    }

    [Theory]
    [InlineData("from=2020-02-04T00:00:00Z&to=2020-02-03T00:00:00Z", "is after to")]
    [InlineData("from=yesterday", "from 'yesterday' is not an ISO 8601 date")]
    [InlineData("to=2020-02-03T08:00:00", "to '2020-02-03T08:00:00' is not an ISO 8601 date and time with an offset")]
    [InlineData("at=2020-13-03T08:00:00Z", "at '2020-13-03T08:00:00Z' is not")]
    [InlineData("from=2020-01-01T00:00:00%2B08:00&to=2020-03-01T00:00:00%2B08:00", "spans 60 days; ask for at most 31")]
    [InlineData("at=2020-02-03T08:00:00Z&from=2020-02-03T00:00:00Z", "not both")]
    public async Task A_bad_history_query_is_a_400_problem_that_says_what_is_wrong(string query, string expected)
    {
        var problem = await IngestTests.ProblemAsync(await host.Http.GetAsync($"/api/units/4403/history?{query}"), HttpStatusCode.BadRequest);

        Assert.Contains(expected, problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/api/units/9999/history")]
    [InlineData("/api/units/440304005001-999/history?at=2020-02-03T08:00:00%2B08:00")]
    public async Task The_history_of_an_unknown_unit_is_a_404_problem_naming_it(string path)
    {
        var problem = await IngestTests.ProblemAsync(await host.Http.GetAsync(path), HttpStatusCode.NotFound);

        Assert.Contains("is not in the registry", problem.GetProperty("detail").GetString());
    }

    private static long Screened(JsonElement point) => point.GetProperty("summary").GetProperty("screenedHouseholds").GetInt64();

    // The recorder writes on its own clock; there is nothing to subscribe to, so this asks again until a deadline.
    private async Task<JsonElement> WaitForAsync(string path, Func<JsonElement, bool> condition, string what)
    {
        return await Eventually.UntilAsync(() => host.GetJsonAsync(path), condition, $"{what} at {path}", TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(200));
    }
}
