using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Canvass.Gateway.Tests;

/// <summary>
/// Batches posted as CSV (<c>text/csv</c>), as a paper team types them in at night: the same items and results as
/// JSON, each result numbered by its row (the header is row 1), errors naming row and column, UTF-8 only.
/// </summary>
[Collection(EmbeddedHostCollection.Name)]
public class CsvIngestTests(EmbeddedHostFixture host)
{
    // Sites of one Longgang community that no other test of this host writes to.
    private const string Mixed = "440307003002-005";
    private const string Checkpoints = "440307003002-006";
    private const string Encodings = "440307003002-007";
    private const string Checks = "440307003002-008";

    [Fact]
    public async Task Good_and_bad_rows_give_row_numbered_results_and_only_the_good_rows_are_stored()
    {
        var at = Reports.At(DateTimeOffset.UtcNow.AddMinutes(-5));
        // Columns in any order and case, a BOM, a quoted cell with a comma, CRLF line ends, a blank line.
        var csv = "\uFEFFSiteId,reportId,household,screenedAt,screenerId,outcome,residents\r\n"
            + $"{Mixed},csv-1,1,{at},w-1,screened,normal;fever\r\n"
            + $"{Mixed},csv-2,2,yesterday,w-1,screened,normal\r\n"
            + $"{Mixed},csv-3,3,{at},\"w,2\",screened,normal\r\n"
            + $"{Mixed},csv-4,4,{at},w-1\r\n"
            + "\r\n"
            + $"{Mixed},csv-5,0,{at},w-1,screened,normal\r\n"
            + $"{Mixed},csv-6,6,{at},w-1,absent,\r\n"
            + $"{Mixed},csv-7,7,{at},w-1,screened,normal;sneezing\r\n";

        var reply = await PostAsync("/api/reports", csv, "text/csv");

        Assert.Equal((3, 0, 4), Counts(reply));
        var results = reply.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal([2, 3, 4, 5, 7, 8, 9], results.Select(r => r.GetProperty("row").GetInt32()));
        Assert.Equal(["csv-1", "csv-2", "csv-3", "csv-4", "csv-5", "csv-6", "csv-7"], results.Select(r => r.GetProperty("reportId").GetString()));
        Assert.Equal(["accepted", "rejected", "accepted", "rejected", "rejected", "accepted", "rejected"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.StartsWith("Row 3, column screenedAt: 'yesterday' is not a time with an offset", results[1].GetProperty("error").GetString());
        Assert.StartsWith("Row 5, column outcome: missing", results[3].GetProperty("error").GetString());
        Assert.StartsWith("Row 7, column household: household 0 is outside 1..", results[4].GetProperty("error").GetString());
        Assert.StartsWith("Row 9, column residents: residents[1].status 'sneezing' is not one of", results[6].GetProperty("error").GetString());
        Assert.False(results[0].TryGetProperty("error", out _));

        // The batch's receipt keeps the same: counts, and each refused row with its row and error (csv-4 was
        // refused by the reader, before the pipeline).
        var receipt = await host.GetJsonAsync($"/api/uploads/{reply.GetProperty("receiptId").GetString()}");
        Assert.Equal(4, receipt.GetProperty("rejected").GetInt32());
        var refused = receipt.GetProperty("rejectedItems").EnumerateArray().ToArray();
        Assert.Equal([3, 5, 7, 9], refused.Select(r => r.GetProperty("row").GetInt32()));
        Assert.Equal(["csv-2", "csv-4", "csv-5", "csv-7"], refused.Select(r => r.GetProperty("reportId").GetString()));
        Assert.Equal(results[1].GetProperty("error").GetString(), refused[0].GetProperty("error").GetString());

        // Exactly the good rows are stored: households 1 and 3 screened (one fever), 6 absent.
        var summary = await host.GetJsonAsync($"/api/units/{Mixed}");
        Assert.Equal(2, summary.GetProperty("screenedHouseholds").GetInt64());
        Assert.Equal(1, summary.GetProperty("absentHouseholds").GetInt64());
        Assert.Equal(1, summary.GetProperty("residents").GetProperty("fever").GetInt64());
        Assert.Equal(2, summary.GetProperty("residents").GetProperty("normal").GetInt64());

        // The same file again: report ids are idempotency keys in CSV too.
        var again = await PostAsync("/api/reports", csv, "text/csv; charset=utf-8");
        Assert.Equal((0, 3, 4), Counts(again));
    }

    [Fact]
    public async Task Checkpoint_rows_name_a_cell_that_is_not_its_columns_type()
    {
        var at = Reports.At(DateTimeOffset.UtcNow.AddMinutes(-2));
        var csv = "reportId,siteId,at,closed,staffed,temperatureChecks\n"
            + $"cp-csv-1,{Checkpoints},{at},true,true,120\n"
            + $"cp-csv-2,{Checkpoints},{at},yes,true,120\n"
            + $"cp-csv-3,{Checkpoints},{at},true,true,many\n";

        var reply = await PostAsync("/api/checkpoints", csv, "text/csv");

        Assert.Equal((1, 0, 2), Counts(reply));
        var results = reply.GetProperty("results");
        Assert.Equal("Row 3, column closed: 'yes' is not true or false.", results[1].GetProperty("error").GetString());
        Assert.Equal("Row 4, column temperatureChecks: 'many' is not a whole number.", results[2].GetProperty("error").GetString());
        var summary = await host.GetJsonAsync($"/api/units/{Checkpoints}");
        Assert.Equal(120, summary.GetProperty("temperatureChecksLastHour").GetInt64());
    }

    [Fact]
    public async Task A_list_cell_holds_entries_and_their_members_health_check_readings_with_a_temperature()
    {
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        var quarantine = JsonSerializer.Serialize(new[] { Care.CareBodies.Quarantine("csv-q-1", Checks, 1, start, TimeSpan.FromDays(14)) });
        Assert.Equal((1, 0, 0), Counts(await PostAsync("/api/quarantines", quarantine, "application/json")));
        var at = Reports.At(DateTimeOffset.UtcNow.AddMinutes(-1));
        var csv = "checkId,siteId,household,at,readings\n"
            + $"csv-c-1,{Checks},1,{at},normal:36.6;fever:38.6\n"
            + $"csv-c-2,{Checks},1,{at},normal:hot\n";

        var reply = await PostAsync("/api/health-checks", csv, "text/csv");

        Assert.Equal((1, 0, 1), Counts(reply));
        Assert.Equal("Row 3, column readings: 'hot' is not a number (with a '.' for decimals).", reply.GetProperty("results")[1].GetProperty("error").GetString());
        var alerts = await host.GetJsonAsync($"/api/units/{Checks}/alerts");
        Assert.Contains(alerts.EnumerateArray(), a => a.GetProperty("kind").GetString() == "finding");
    }

    [Theory]
    [InlineData("text/csv; charset=gbk", "utf8", "'gbk'")]
    [InlineData("text/csv; charset=iso-8859-1", "utf8", "'iso-8859-1'")]
    [InlineData("text/csv", "gbk", "not UTF-8")]
    [InlineData("text/csv", "utf16", "UTF-16")]
    [InlineData("text/csv", "unknown-column", "'name' is not a column")]
    [InlineData("text/csv", "twice", "'household'")]
    [InlineData("text/csv", "empty", "no header row")]
    public async Task Another_encoding_or_an_unknown_column_is_a_400_before_any_row(string contentType, string body, string detail)
    {
        var at = Reports.At(DateTimeOffset.UtcNow.AddMinutes(-1));
        var header = body switch
        {
            "unknown-column" => "reportId,siteId,household,screenedAt,screenerId,name,residents",
            "twice" => "reportId,siteId,household,screenedAt,screenerId,household,residents",
            _ => "reportId,siteId,household,screenedAt,screenerId,outcome,residents",
        };
        // Household 1 with a screener id in Chinese, so that the encodings differ in their bytes.
        var text = $"{header}\nenc-1,{Encodings},1,{at},张三,screened,normal\n";
        var bytes = body switch
        {
            "gbk" => [.. Encoding.UTF8.GetBytes(text.Replace("张三", "", StringComparison.Ordinal)), 0xD5, 0xC5, 0xC8, 0xFD, (byte)'\n'],
            "utf16" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            "empty" => [],
            _ => Encoding.UTF8.GetBytes(text),
        };
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await host.Http.PostAsync("/api/reports", content);

        var problem = await IngestTests.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var summary = await host.GetJsonAsync($"/api/units/{Encodings}");
        Assert.Equal(0, summary.GetProperty("screenedHouseholds").GetInt64());
    }

    [Fact]
    public void The_documented_csv_examples_read_back_as_the_json_examples()
    {
        var options = Hosting.WireJson.Context.Options;
        Assert.Equal(Json(Docs.ApiExamples.Reports), Json(ReadBack(Docs.ApiExamples.Reports, Hosting.WireJson.Context.ReportDto, "reportId")));
        Assert.Equal(Json(Docs.ApiExamples.Checkpoints), Json(ReadBack(Docs.ApiExamples.Checkpoints, Hosting.WireJson.Context.CheckpointDto, "reportId")));
        Assert.Equal(Json(Docs.CareExamples.HealthChecks), Json(ReadBack(Docs.CareExamples.HealthChecks, Hosting.WireJson.Context.HealthCheckDto, "checkId")));

        string Json<T>(List<T> items) => JsonSerializer.Serialize(items, options);

        List<T> ReadBack<T>(List<T> items, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string idName)
            where T : class
        {
            var read = Ingest.CsvBatch.Parse(Encoding.UTF8.GetBytes(Docs.CsvExample.Write(items, options)), 100, type, idName);
            Assert.Null(read.Problem);
            Assert.Empty(read.Csv!.Refused);
            return read.Items!;
        }
    }

    [Fact]
    public void Rows_are_records_a_quoted_line_break_stays_in_its_row_and_the_limit_counts_rows()
    {
        var type = Hosting.WireJson.Context.ReportDto;
        var csv = "reportId,siteId,screenerId\nq-1,s,\"two\nlines, one cell\"\nq-2,s,w\n";

        var read = Ingest.CsvBatch.Parse(Encoding.UTF8.GetBytes(csv), 10, type, "reportId");
        var tooMany = Ingest.CsvBatch.Parse(Encoding.UTF8.GetBytes(csv), 1, type, "reportId");

        Assert.Equal(["two\nlines, one cell", "w"], read.Items!.Select(r => r.ScreenerId));
        var numbered = read.Csv!.Number(new Contracts.Reports.IngestResult(2, 0, 0,
            [new("q-1", Contracts.Screening.ReportStatus.Accepted), new("q-2", Contracts.Screening.ReportStatus.Accepted)]));
        Assert.Equal([2, 3], numbered.Results.Select(r => r.Row));
        Assert.Equal(413, tooMany.Problem?.Status);
    }

    private async Task<JsonElement> PostAsync(string path, string body, string contentType)
    {
        using var content = new StringContent(body, new UTF8Encoding(false));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await host.Http.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static (int, int, int) Counts(JsonElement reply) =>
        (reply.GetProperty("accepted").GetInt32(), reply.GetProperty("duplicates").GetInt32(), reply.GetProperty("rejected").GetInt32());
}
