using System.Net;
using System.Text;
using System.Text.Json;

namespace Canvass.Gateway.Tests;

[Collection(EmbeddedHostCollection.Name)]
public class IngestTests(EmbeddedHostFixture host)
{
    private const string Site = "440303001005-001";

    [Fact]
    public async Task A_batch_is_acknowledged_per_report_and_a_repeated_report_id_is_a_duplicate()
    {
        const string site = "440303001005-002";
        var batch = Reports.Json(Reports.Screened("ing-1", site, 1, "normal"), Reports.Screened("ing-2", site, 2, "fever"));

        var first = await ReadAsync(await host.PostReportsAsync(batch));
        var again = await ReadAsync(await host.PostReportsAsync(batch));

        Assert.Equal((2, 0, 0), Counts(first));
        Assert.Equal("accepted", first.GetProperty("results")[0].GetProperty("status").GetString());
        Assert.Equal("ing-1", first.GetProperty("results")[0].GetProperty("reportId").GetString());
        Assert.Equal((0, 2, 0), Counts(again));
        var summary = await host.GetJsonAsync($"/api/units/{site}");
        Assert.Equal(2, summary.GetProperty("screenedHouseholds").GetInt64());
        Assert.Equal(1, summary.GetProperty("residents").GetProperty("fever").GetInt64());
    }

    [Fact]
    public async Task Ndjson_batches_are_accepted()
    {
        const string site = "440303001005-003";
        var body = JsonSerializer.Serialize(Reports.Screened("nd-1", site, 1, "normal")) + "\n\n"
            + JsonSerializer.Serialize(Reports.Screened("nd-2", site, 2, "keyAreaObservation")) + "\n";

        var reply = await ReadAsync(await host.PostReportsAsync(body, "application/x-ndjson"));

        Assert.Equal((2, 0, 0), Counts(reply));
    }

    [Fact]
    public async Task Absent_and_refused_visits_do_not_count_toward_coverage()
    {
        const string site = "440303001005-004";
        var absent = Reports.Screened("vis-1", site, 1);
        absent["outcome"] = "absent";
        absent.Remove("residents");
        var refused = Reports.Screened("vis-2", site, 2);
        refused["outcome"] = "refused";
        refused["residents"] = Array.Empty<object>();

        Assert.Equal((2, 0, 0), Counts(await ReadAsync(await host.PostReportsAsync(Reports.Json(absent, refused)))));
        var summary = await host.GetJsonAsync($"/api/units/{site}");

        Assert.Equal(0, summary.GetProperty("screenedHouseholds").GetInt64());
        Assert.Equal(0.0, summary.GetProperty("coverage").GetDouble());
        Assert.Equal(1, summary.GetProperty("absentHouseholds").GetInt64());
        Assert.Equal(1, summary.GetProperty("refusedHouseholds").GetInt64());
    }

    public static TheoryData<string, Func<Dictionary<string, object?>, Dictionary<string, object?>>, string> BadItems => new()
    {
        { "unknown site", r => With(r, "siteId", "440303001005-999"), "site '440303001005-999' is not a site of the registry" },
        { "unknown status", r => With(r, "residents", new[] { new { status = "sneezing" } }), "residents[0].status 'sneezing' is not one of normal, fever" },
        { "household 0", r => With(r, "household", 0), "household 0 is outside 1.." },
        { "household too high", r => With(r, "household", 100000), "household 100000 is outside 1.." },
        { "future", r => With(r, "screenedAt", Reports.At(DateTimeOffset.UtcNow.AddMinutes(10))), "more than 5 minutes in the future" },
        { "long ago", r => With(r, "screenedAt", "0001-01-01T00:00:00+00:00"), "is before 2000-01-01" },
        // The host's screening start is its first start (now): 40 days back is outside Ingest:PastWindow's 30.
        { "before the window", r => With(r, "screenedAt", Reports.At(DateTimeOffset.UtcNow.AddDays(-40))), "days before its screening start" },
        { "no reportId", r => Without(r, "reportId"), "reportId is required" },
        { "control character", r => With(r, "reportId", "a\u0000b"), "reportId contains a control character" },
        { "no siteId", r => Without(r, "siteId"), "siteId is required" },
        { "no household", r => Without(r, "household"), "household is required" },
        { "no screenedAt", r => Without(r, "screenedAt"), "screenedAt is required" },
        { "no screenerId", r => Without(r, "screenerId"), "screenerId is required" },
        { "no residents", r => Without(r, "residents"), "residents is required when the outcome is screened" },
        { "unknown outcome", r => With(r, "outcome", "maybe"), "outcome 'maybe' is not one of screened, absent, refused" },
    };

    [Theory]
    [MemberData(nameof(BadItems))]
    public async Task A_bad_report_is_rejected_with_its_reason_and_changes_nothing(string _, Func<Dictionary<string, object?>, Dictionary<string, object?>> spoil, string reason)
    {
        var before = await host.GetJsonAsync($"/api/units/{Site}");
        var bad = spoil(Reports.Screened("bad-" + Guid.NewGuid(), Site, 5, "normal"));

        var reply = await ReadAsync(await host.PostReportsAsync(Reports.Json(bad)));

        Assert.Equal((0, 0, 1), Counts(reply));
        var result = reply.GetProperty("results")[0];
        Assert.Equal("rejected", result.GetProperty("status").GetString());
        Assert.Contains(reason, result.GetProperty("error").GetString());
        var after = await host.GetJsonAsync($"/api/units/{Site}");
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_report_screened_before_the_deployment_started_but_within_the_window_counts()
    {
        // A team that began before the system did may upload its first weeks (Ingest:PastWindow, 30 days).
        const string site = "440303001005-006";
        var late = With(Reports.Screened("window-1", site, 1, "normal"), "screenedAt", Reports.At(DateTimeOffset.UtcNow.AddDays(-20)));

        Assert.Equal((1, 0, 0), Counts(await ReadAsync(await host.PostReportsAsync(Reports.Json(late)))));
        Assert.Equal(1, (await host.GetJsonAsync($"/api/units/{site}")).GetProperty("screenedHouseholds").GetInt64());
    }

    [Fact]
    public async Task Good_reports_in_a_batch_with_bad_ones_are_still_accepted()
    {
        const string site = "440303001005-005";
        var reply = await ReadAsync(await host.PostReportsAsync(Reports.Json(
            Reports.Screened("mix-1", site, 1, "normal"),
            With(Reports.Screened("mix-2", site, 2, "normal"), "household", -3),
            Reports.Screened("mix-3", site, 3, "normal"))));

        Assert.Equal((2, 0, 1), Counts(reply));
        Assert.Equal(["accepted", "rejected", "accepted"], reply.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString()));
    }

    [Theory]
    [InlineData("[{\"reportId\":\"p-1\",", "application/json", "line 1")]
    [InlineData("[{\"reportId\":\"p-1\",\"household\":\"seventeen\"}]", "application/json", "'[0].household' has the wrong type")]
    [InlineData("{\"reportId\":\"p-1\"}", "application/json", "a JSON array of reports is expected")]
    [InlineData("{\"reportId\":\"p-1\"}\n{\"reportId\": nope}\n", "application/x-ndjson", "line 2")]
    public async Task A_body_that_does_not_parse_is_a_400_problem_naming_where(string body, string contentType, string where)
    {
        var response = await host.PostReportsAsync(body, contentType);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(where, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_batch_over_the_report_limit_is_413()
    {
        var reports = Enumerable.Range(0, 10_001).Select(i => Reports.Screened($"big-{i}", Site, 1 + i % 50, "normal")).ToArray<object>();

        var problem = await ProblemAsync(await host.PostReportsAsync(Reports.Json(reports)), HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("at most 10000", problem.GetProperty("detail").GetString());
        Assert.Equal(0, (await host.GetJsonAsync($"/api/units/{Site}")).GetProperty("screenedHouseholds").GetInt64());
    }

    [Fact]
    public async Task A_body_over_8_MiB_is_413()
    {
        var padding = new string(' ', 8 * 1024 * 1024);
        var problem = await ProblemAsync(await host.PostReportsAsync("[" + padding + "]"), HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("8388608 bytes", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_body_of_another_media_type_is_415()
    {
        var response = await host.Http.PostAsync("/api/reports", new StringContent("reportId=1", Encoding.UTF8, "application/x-www-form-urlencoded"));

        var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/x-ndjson", problem.GetProperty("detail").GetString());
    }

    private static Dictionary<string, object?> With(Dictionary<string, object?> report, string field, object? value)
    {
        report[field] = value;
        return report;
    }

    private static Dictionary<string, object?> Without(Dictionary<string, object?> report, string field)
    {
        report.Remove(field);
        return report;
    }

    private static (int, int, int) Counts(JsonElement reply) =>
        (reply.GetProperty("accepted").GetInt32(), reply.GetProperty("duplicates").GetInt32(), reply.GetProperty("rejected").GetInt32());

    internal static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    internal static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
