using System.Globalization;
using System.Net;
using System.Text.Json;
using Canvass.Gateway.Auth;
using Canvass.Gateway.Tests.Care;
using Canvass.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Canvass.Gateway.Tests;

[Collection(EmbeddedHostCollection.Name)]
public class UploadsApiTests(EmbeddedHostFixture host)
{
    // Sites of Shangchuan community (上川社区, Bao'an) that no other test of this host reports to.
    private const string Community = "440306017002";
    private const string OtherCommunity = "440306017003";

    [Fact]
    public async Task A_batch_reply_names_its_receipt_and_the_receipt_says_what_came_in()
    {
        const string site = Community + "-001";
        var screenedAt = DateTimeOffset.UtcNow.AddMinutes(-20);
        var early = Reports.Screened("upl-a-1", site, 1, "normal");
        early["screenedAt"] = Reports.At(screenedAt);
        var bad = Reports.Screened("upl-a-3", site, 9999, "normal");
        var reply = await PostAsync(host.Http, "/api/reports", early, Reports.Screened("upl-a-2", site, 2, "fever"), bad);

        var id = reply.GetProperty("receiptId").GetString()!;
        Assert.Matches("^u-[0-9a-f]{32}$", id);
        var receipt = await host.GetJsonAsync($"/api/uploads/{id}");

        Assert.Equal(id, receipt.GetProperty("id").GetString());
        Assert.Equal("reports", receipt.GetProperty("kind").GetString());
        Assert.Equal("test-admin", receipt.GetProperty("subject").GetString());
        Assert.EndsWith("+08:00", receipt.GetProperty("receivedAt").GetString());
        Assert.Equal(screenedAt.ToUnixTimeMilliseconds(), Time(receipt, "screenedFrom").ToUnixTimeMilliseconds());
        Assert.True(Time(receipt, "screenedTo") > screenedAt.AddMinutes(19));
        Assert.True(Time(receipt, "receivedAt") >= Time(receipt, "screenedTo"));
        Assert.Equal((2, 0, 1), (receipt.GetProperty("accepted").GetInt32(), receipt.GetProperty("duplicates").GetInt32(), receipt.GetProperty("rejected").GetInt32()));
        Assert.Equal([site], receipt.GetProperty("sites").EnumerateArray().Select(s => s.GetString()));
        var rejected = Assert.Single(receipt.GetProperty("rejectedItems").EnumerateArray());
        Assert.Equal(2, rejected.GetProperty("index").GetInt32());
        Assert.Equal("upl-a-3", rejected.GetProperty("reportId").GetString());
        Assert.Contains("household 9999", rejected.GetProperty("error").GetString());
        Assert.False(rejected.TryGetProperty("row", out _));
    }

    [Fact]
    public async Task Every_ingest_kind_gets_a_receipt_of_its_kind()
    {
        const string site = Community + "-002";
        var now = DateTimeOffset.UtcNow.AddSeconds(-1);
        var batches = new (string Path, string Kind, object Item)[]
        {
            ("/api/checkpoints", "checkpoints", new Dictionary<string, object?> { ["reportId"] = "upl-k-1", ["siteId"] = site, ["at"] = Reports.At(now), ["closed"] = true, ["staffed"] = true, ["temperatureChecks"] = 3 }),
            ("/api/quarantines", "quarantines", CareBodies.Quarantine("upl-q-1", site, 5, now, TimeSpan.FromDays(14))),
            ("/api/health-checks", "healthChecks", CareBodies.Check("upl-h-1", site, 5, now, "normal", "normal")),
            ("/api/care", "care", CareBodies.Request("upl-c-1", site, 5, "water")),
        };

        foreach (var (path, kind, item) in batches)
        {
            var reply = await PostAsync(host.Http, path, item);
            Assert.Equal(1, reply.GetProperty("accepted").GetInt32());
            var receipt = await host.GetJsonAsync($"/api/uploads/{reply.GetProperty("receiptId").GetString()}");
            Assert.Equal(kind, receipt.GetProperty("kind").GetString());
            Assert.Equal([site], receipt.GetProperty("sites").EnumerateArray().Select(s => s.GetString()));
        }
    }

    [Fact]
    public async Task A_resent_batch_gets_a_receipt_of_its_own_with_the_items_as_duplicates_and_one_with_nothing_stored_gets_none()
    {
        const string site = Community + "-003";
        var report = Reports.Screened("upl-r-1", site, 1, "normal");
        var first = await PostAsync(host.Http, "/api/reports", report);
        var again = await PostAsync(host.Http, "/api/reports", report);
        var refused = await PostAsync(host.Http, "/api/reports", Reports.Screened("upl-r-2", site, 99999, "normal"));

        Assert.NotEqual(first.GetProperty("receiptId").GetString(), again.GetProperty("receiptId").GetString());
        Assert.Equal(1, again.GetProperty("duplicates").GetInt32());
        var receipt = await host.GetJsonAsync($"/api/uploads/{again.GetProperty("receiptId").GetString()}");
        Assert.Equal((0, 1), (receipt.GetProperty("accepted").GetInt32(), receipt.GetProperty("duplicates").GetInt32()));
        Assert.False(refused.TryGetProperty("receiptId", out _));
    }

    [Fact]
    public async Task A_receipt_that_cannot_be_stored_fails_the_batch_with_a_503_and_the_resend_gets_one()
    {
        const string site = Community + "-008";
        var report = Reports.Screened("upl-f-1", site, 1, "normal");
        var database = host.Services.GetRequiredService<IOptions<StorageOptions>>().Value.SqlitePath;
        // Opened (its tables made) when first resolved.
        host.Services.GetRequiredService<Canvass.Storage.Uploads.IUploadStore>();

        // The receipts' table out of reach, as a full disk or a lost database would put it; the site's journal stays.
        Execute(database, "ALTER TABLE uploads RENAME TO uploads_away");
        try
        {
            using var failed = await host.PostReportsAsync(Reports.Json(report));
            await IngestTests.ProblemAsync(failed, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("1", failed.Headers.RetryAfter?.ToString());
        }
        finally
        {
            Execute(database, "ALTER TABLE uploads_away RENAME TO uploads");
        }

        var again = await PostAsync(host.Http, "/api/reports", report);
        Assert.Equal((0, 1), (again.GetProperty("accepted").GetInt32(), again.GetProperty("duplicates").GetInt32()));
        var receipt = await host.GetJsonAsync($"/api/uploads/{again.GetProperty("receiptId").GetString()}");
        Assert.Equal(1, receipt.GetProperty("duplicates").GetInt32());
    }

    [Fact]
    public async Task A_receipt_is_seen_by_its_sender_and_by_tokens_whose_unit_holds_all_its_sites_and_by_no_one_else()
    {
        const string site = Community + "-004";
        using var sender = host.Client(host.Token(Roles.Screener, Community, "team-upl-scope"));
        var reply = await PostAsync(sender, "/api/reports", Reports.Screened("upl-s-1", site, 1, "normal"));
        var path = $"/api/uploads/{reply.GetProperty("receiptId").GetString()}";

        var cases = new (string Role, string Unit, string Subject, HttpStatusCode Expected)[]
        {
            (Roles.Screener, Community, "team-upl-scope", HttpStatusCode.OK),
            // The sender's subject on a token of another unit still reads what it sent.
            (Roles.Screener, OtherCommunity, "team-upl-scope", HttpStatusCode.OK),
            (Roles.Screener, Community, "team-upl-other", HttpStatusCode.OK),
            (Roles.Supervisor, "440306", "sup-baoan", HttpStatusCode.OK),
            // Receipts name teams and refusals may name households: walls and partners see aggregates only.
            (Roles.Display, "4403", "wall-city", HttpStatusCode.Forbidden),
            (Roles.Partner, Community, "partner-shangchuan", HttpStatusCode.Forbidden),
            (Roles.Screener, OtherCommunity, "team-upl-next", HttpStatusCode.NotFound),
            (Roles.Supervisor, "440307", "sup-longgang", HttpStatusCode.NotFound),
            (Roles.Supervisor, site[..^1] + "5", "sup-other-site", HttpStatusCode.NotFound),
            (Roles.Service, Community, "service-shangchuan", HttpStatusCode.Forbidden),
        };

        foreach (var (role, unit, subject, expected) in cases)
        {
            using var client = host.Client(host.Token(role, unit, subject));
            using var response = await client.GetAsync(path);
            Assert.True(expected == response.StatusCode, $"{role} of {unit} ({subject}): {(int)response.StatusCode}");
            if (expected == HttpStatusCode.NotFound)
            {
                var problem = await IngestTests.ProblemAsync(response, HttpStatusCode.NotFound);
                Assert.Equal("Unknown upload", problem.GetProperty("title").GetString());
            }
        }

        await IngestTests.ProblemAsync(await host.Http.GetAsync("/api/uploads/u-00000000000000000000000000000000"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_units_list_holds_the_receipts_of_its_sites_newest_first_and_none_of_other_units()
    {
        const string site = Community + "-005";
        var ids = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            ids.Add((await PostAsync(host.Http, "/api/reports", Reports.Screened($"upl-l-{i}", site, i, "normal"))).GetProperty("receiptId").GetString()!);
        }

        var other = (await PostAsync(host.Http, "/api/reports", Reports.Screened("upl-l-x", OtherCommunity + "-001", 1, "normal"))).GetProperty("receiptId").GetString();

        var list = await host.GetJsonAsync($"/api/units/{site}/uploads");
        Assert.Equal(ids.AsEnumerable().Reverse(), list.EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        var community = await host.GetJsonAsync($"/api/units/{Community}/uploads?limit=1000");
        Assert.Contains(ids[0], community.EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.DoesNotContain(other, community.EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        var times = community.EnumerateArray().Select(r => Time(r, "receivedAt")).ToList();
        Assert.Equal(times.OrderDescending(), times);
        Assert.Single((await host.GetJsonAsync($"/api/units/{site}/uploads?limit=1")).EnumerateArray());
        var later = Uri.EscapeDataString(Reports.At(DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.Empty((await host.GetJsonAsync($"/api/units/{site}/uploads?from={later}&to={later}")).EnumerateArray());

        using var outside = host.Client(host.Token(Roles.Supervisor, "440307", "sup-longgang"));
        await IngestTests.ProblemAsync(await outside.GetAsync($"/api/units/{Community}/uploads"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("limit=0", "limit '0'")]
    [InlineData("limit=1001", "limit '1001'")]
    [InlineData("limit=ten", "limit 'ten'")]
    [InlineData("from=yesterday", "from 'yesterday' is not an ISO 8601")]
    [InlineData("to=2020-02-03T08:00:00", "to '2020-02-03T08:00:00' is not an ISO 8601")]
    [InlineData("from=2020-02-04T00:00:00Z&to=2020-02-03T00:00:00Z", "is after to")]
    [InlineData("from=2020-01-01T00:00:00Z&to=2020-03-01T00:00:00Z", "at most 31 days")]
    [InlineData("from=1999-12-31T00:00:00Z", "outside the dates")]
    public async Task A_bad_list_query_is_a_400_naming_it(string query, string detail)
    {
        var problem = await IngestTests.ProblemAsync(await host.Http.GetAsync($"/api/units/{Community}/uploads?{query}"), HttpStatusCode.BadRequest);

        Assert.Contains(detail, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Todays_lag_is_given_per_subject_and_per_site_from_the_accepted_items()
    {
        const string site = Community + "-006", next = Community + "-007";
        using var late = host.Client(host.Token(Roles.Screener, Community, "team-upl-late"));
        using var prompt = host.Client(host.Token(Roles.Screener, Community, "team-upl-prompt"));
        var now = DateTimeOffset.UtcNow;
        await PostAsync(late, "/api/reports", At(Reports.Screened("upl-g-1", site, 1, "normal"), now.AddMinutes(-30)), At(Reports.Screened("upl-g-2", site, 2, "normal"), now.AddMinutes(-90)));
        await PostAsync(late, "/api/reports", At(Reports.Screened("upl-g-3", next, 1, "normal"), now.AddMinutes(-60)));
        // Duplicates count as an upload, not as lag.
        await PostAsync(prompt, "/api/reports", At(Reports.Screened("upl-g-1", site, 1, "normal"), now.AddMinutes(-30)));

        var lag = await host.GetJsonAsync($"/api/units/{Community}/upload-lag");

        Assert.Equal(DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(8)).Date).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), lag.GetProperty("date").GetString());
        var subjects = lag.GetProperty("subjects").EnumerateArray().ToDictionary(e => e.GetProperty("subject").GetString()!);
        Assert.Equal(2, subjects["team-upl-late"].GetProperty("uploads").GetInt32());
        // Its three accepted items, of both sites: 30, 60 and 90 minutes.
        Minutes(60, subjects["team-upl-late"].GetProperty("lagP50Minutes"));
        Minutes(90, subjects["team-upl-late"].GetProperty("lagP90Minutes"));
        Assert.Equal(1, subjects["team-upl-prompt"].GetProperty("uploads").GetInt32());
        Assert.False(subjects["team-upl-prompt"].TryGetProperty("lagP50Minutes", out _));
        Assert.False(subjects["team-upl-prompt"].TryGetProperty("siteId", out _));
        var sites = lag.GetProperty("sites").EnumerateArray().ToDictionary(e => e.GetProperty("siteId").GetString()!);
        Assert.Equal(2, sites[site].GetProperty("uploads").GetInt32());
        Minutes(30, sites[site].GetProperty("lagP50Minutes"));
        Minutes(90, sites[site].GetProperty("lagP90Minutes"));
        Minutes(60, sites[next].GetProperty("lagP50Minutes"));
        Assert.True(Time(sites[site], "lastUploadAt") >= Time(sites[next], "lastUploadAt"));

        using var outside = host.Client(host.Token(Roles.Supervisor, "440307", "sup-longgang"));
        await IngestTests.ProblemAsync(await outside.GetAsync($"/api/units/{Community}/upload-lag"), HttpStatusCode.NotFound);
        using var screener = host.Client(host.Token(Roles.Screener, Community, "team-upl-late"));
        Assert.Equal(HttpStatusCode.OK, (await screener.GetAsync($"/api/units/{Community}/upload-lag")).StatusCode);
        using var display = host.Client(host.Token(Roles.Display, Community, "wall-shangchuan"));
        Assert.Equal(HttpStatusCode.Forbidden, (await display.GetAsync($"/api/units/{Community}/upload-lag")).StatusCode);
    }

    [Fact]
    public async Task A_batch_spanning_units_is_shown_to_each_units_reader_trimmed_to_its_own_sites()
    {
        const string site = Community + "-008", otherSite = OtherCommunity + "-008";
        var reply = await PostAsync(host.Http, "/api/reports",
            Reports.Screened("upl-p-1", site, 1, "normal"), Reports.Screened("upl-p-2", otherSite, 1, "normal"), Reports.Screened("upl-p-3", otherSite, 9999, "normal"));
        var id = reply.GetProperty("receiptId").GetString()!;
        using var supervisor = host.Client(host.Token(Roles.Supervisor, Community, "sup-upl-partial"));

        var seen = await IngestTests.ReadAsync(await supervisor.GetAsync($"/api/uploads/{id}"));
        var listed = (await IngestTests.ReadAsync(await supervisor.GetAsync($"/api/units/{Community}/uploads"))).EnumerateArray().Single(r => r.GetProperty("id").GetString() == id);
        var whole = await host.GetJsonAsync($"/api/uploads/{id}");

        foreach (var receipt in new[] { seen, listed })
        {
            Assert.True(receipt.GetProperty("partial").GetBoolean());
            Assert.Equal([site], receipt.GetProperty("sites").EnumerateArray().Select(s => s.GetString()));
            Assert.Empty(receipt.GetProperty("rejectedItems").EnumerateArray());
            Assert.Equal((2, 1), (receipt.GetProperty("accepted").GetInt32(), receipt.GetProperty("rejected").GetInt32()));
        }

        Assert.False(whole.TryGetProperty("partial", out _));
        Assert.Equal([site, otherSite], whole.GetProperty("sites").EnumerateArray().Select(s => s.GetString()));
        Assert.Single(whole.GetProperty("rejectedItems").EnumerateArray());
    }

    private static void Execute(string database, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'uploads'";
        Assert.Equal(sql.EndsWith("TO uploads", StringComparison.Ordinal) ? 1L : 0L, (long)command.ExecuteScalar()!);
    }

    private static Dictionary<string, object?> At(Dictionary<string, object?> report, DateTimeOffset screenedAt)
    {
        report["screenedAt"] = Reports.At(screenedAt);
        return report;
    }

    // The lag is arrival − screenedAt: the minutes asked for plus the moments the post took, to 0.1 minute.
    private static void Minutes(double expected, JsonElement value) =>
        Assert.InRange(value.GetDouble(), expected, expected + 0.5);

    private static DateTimeOffset Time(JsonElement element, string name) =>
        DateTimeOffset.Parse(element.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    private static Task<JsonElement> PostAsync(HttpClient client, string path, params object[] items) => CareBodies.PostBatchAsync(client, path, items);
}
