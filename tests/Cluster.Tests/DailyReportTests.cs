using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Canvass.Abstractions.History;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace Canvass.Cluster.Tests;

/// <summary>
/// The daily report through the real host on a fake clock, stopped and started again on the same SQLite file:
/// frozen at the cut-off once the settle time has passed, unchanged by uploads after it and by a restart, pushed on
/// the event stream, read back from its workbook; days missed while down published at start, the next one saying
/// how much arrived late for the day before.
/// </summary>
public sealed class DailyReportTests : IAsyncLifetime
{
    private const string Community = "440304005021";
    private const string Site = Community + "-001";
    private static readonly TimeSpan Shenzhen = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Morning = new(2020, 2, 3, 10, 0, 0, Shenzhen);
    private static readonly DateTimeOffset CutOff = new(2020, 2, 4, 0, 0, 0, Shenzhen);

    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("canvass-daily-");

    private string[] Settings => [$"--Storage:SqlitePath={Path.Combine(_data.FullName, "canvass.db")}"];

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _data.Delete(recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_published_report_is_unchanged_by_later_uploads_and_a_restart_and_missed_days_follow_with_the_late_count()
    {
        string frozen;
        await using (var host = new DailyHost(Settings, Morning))
        {
            await host.InitializeAsync();
            // The first start publishes the latest day due, the one before: nothing was screened then.
            Assert.Equal(["2020-02-02"], Dates(await host.GetJsonAsync("/api/daily-reports")));
            Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/api/daily-reports/2020-02-03")).StatusCode);

            await PostAsync(host, Screened("d-1", 1, Morning.AddHours(-1)), Screened("d-2", 2, Morning.AddHours(-1)), Screened("d-3", 3, Morning.AddMinutes(-30)));
            await Eventually.UntilAsync(async () => (await host.GetJsonAsync($"/api/units/{Site}")).GetProperty("screenedHouseholds").GetInt64() == 3, "the site to count three");
            using var events = await EventStream.OpenAsync(host, Community);

            // Past the cut-off, within the settle time (two history intervals, 2 s here): the history has its point
            // as of the cut-off, the report is not out yet.
            host.Clock!.SetUtcNow(CutOff.AddMilliseconds(500));
            var history = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IHistoryGrain>(0);
            await Eventually.UntilAsync(async () => (await history.AsOfAsync(Site, CutOff))?.Summary.ScreenedHouseholds == 3, "the history point as of the cut-off");
            Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/api/daily-reports/2020-02-03")).StatusCode);

            host.Clock.SetUtcNow(CutOff.AddSeconds(3));
            frozen = await host.Http.GetStringAsync($"/api/daily-reports/2020-02-03?unit={Community}");
            var report = JsonDocument.Parse(frozen).RootElement;
            Assert.Equal("2020-02-03", report.GetProperty("date").GetString());
            Assert.Equal(CutOff, report.GetProperty("cutOff").GetDateTimeOffset());
            Assert.Equal(3, report.GetProperty("unit").GetProperty("screenedHouseholds").GetInt64());
            Assert.Equal(3, Child(report, Site).GetProperty("screenedHouseholds").GetInt64());
            Assert.Equal(0, report.GetProperty("lateForPreviousDay").GetProperty("households").GetInt64());
            var pushed = await events.DailyReport.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(("2020-02-03", Community, $"/api/daily-reports/2020-02-03?unit={Community}"),
                (pushed.GetProperty("date").GetString(), pushed.GetProperty("unitId").GetString(), pushed.GetProperty("url").GetString()));

            // Two households screened in the evening, uploaded after the cut-off: the site counts them, the report not.
            await PostAsync(host, Screened("d-4", 4, CutOff.AddHours(-4)), Screened("d-5", 5, CutOff.AddHours(-4)));
            await Eventually.UntilAsync(async () => (await host.GetJsonAsync($"/api/units/{Site}")).GetProperty("screenedHouseholds").GetInt64() == 5, "the site to count five");
            Assert.Equal(frozen, await host.Http.GetStringAsync($"/api/daily-reports/2020-02-03?unit={Community}"));

            // The workbook holds the same figures: the community's row, then one per site.
            var rows = await WorkbookAsync(host, $"/api/daily-reports/2020-02-03.xlsx?unit={Community}&lang=zh");
            Assert.Equal(1 + report.GetProperty("children").GetArrayLength(), rows.Count);
            Assert.Equal((Community, 3d), ((string)rows[0]["编码"]!, Convert.ToDouble(rows[0]["已排查户数"], System.Globalization.CultureInfo.InvariantCulture)));
            var siteRow = rows.Single(r => (string?)r["编码"] == Site);
            Assert.Equal(3d, Convert.ToDouble(siteRow["已排查户数"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("2020-02-04T00:00+08:00", (string)rows[0]["截止时间"]!);
        }

        // Down for two cut-offs: both days are published at start, each as of its own cut-off.
        await using (var host = new DailyHost(Settings, CutOff.AddDays(2).AddSeconds(5)))
        {
            await host.InitializeAsync();
            Assert.Equal(["2020-02-02", "2020-02-03", "2020-02-04", "2020-02-05"], Dates(await host.GetJsonAsync("/api/daily-reports")));
            Assert.Equal(frozen, await host.Http.GetStringAsync($"/api/daily-reports/2020-02-03?unit={Community}"));

            var next = await host.GetJsonAsync($"/api/daily-reports/2020-02-04?unit={Community}");
            Assert.Equal(5, next.GetProperty("unit").GetProperty("screenedHouseholds").GetInt64());
            Assert.Equal(2, next.GetProperty("lateForPreviousDay").GetProperty("households").GetInt64());
            Assert.Equal(0, next.GetProperty("lateForPreviousDay").GetProperty("checkpoints").GetInt64());
            var site = await host.GetJsonAsync($"/api/daily-reports/2020-02-04?unit={Site}");
            Assert.Equal(2, site.GetProperty("lateForPreviousDay").GetProperty("households").GetInt64());
            Assert.Equal(0, (await host.GetJsonAsync($"/api/daily-reports/2020-02-05?unit={Community}")).GetProperty("lateForPreviousDay").GetProperty("households").GetInt64());
        }
    }

    [Fact]
    public async Task Reads_are_scoped_like_units_and_bad_dates_are_400()
    {
        await using var host = new DailyHost(Settings, Morning);
        await host.InitializeAsync();
        using var community = host.Client(host.Token("display", Community));
        // The token's unit by default; another district's unit reads as unknown.
        Assert.Equal(Community, JsonDocument.Parse(await community.GetStringAsync("/api/daily-reports/2020-02-02")).RootElement.GetProperty("unit").GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await community.GetAsync("/api/daily-reports/2020-02-02?unit=440303")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await community.GetAsync("/api/daily-reports/2020-02-30")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await community.GetAsync("/api/daily-reports/2020-02-02.xlsx?lang=fr")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client(null).GetAsync("/api/daily-reports")).StatusCode);
        var rows = await WorkbookAsync(host, "/api/daily-reports/2020-02-02.xlsx?unit=440304");
        Assert.Equal(("440304", 0d), ((string)rows[0]["Code"]!, Convert.ToDouble(rows[0]["Screened households"], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_day_that_cannot_be_published_yet_keeps_no_one_from_reading_the_days_published()
    {
        await using var host = new DailyHost(Settings, Morning);
        await host.InitializeAsync();
        var published = await host.Http.GetStringAsync("/api/daily-reports/2020-02-02?unit=440304");

        // The history the next day is frozen from cannot be read: its publication fails, the reads of 02-02 do not.
        Execute("ALTER TABLE unit_history RENAME TO unit_history_away");
        host.Clock!.SetUtcNow(CutOff.AddSeconds(3));
        Assert.Equal(published, await host.Http.GetStringAsync("/api/daily-reports/2020-02-02?unit=440304"));
        Assert.Equal(["2020-02-02"], Dates(await host.GetJsonAsync("/api/daily-reports")));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/api/daily-reports/2020-02-03")).StatusCode);

        Execute("ALTER TABLE unit_history_away RENAME TO unit_history");
        Assert.Equal(["2020-02-02", "2020-02-03"], Dates(await host.GetJsonAsync("/api/daily-reports")));
    }

    private void Execute(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_data.FullName, "canvass.db")};Pooling=False;Default Timeout=30");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string[] Dates(JsonElement list) => [.. list.EnumerateArray().Select(d => d.GetProperty("date").GetString()!)];

    private static JsonElement Child(JsonElement report, string id) =>
        report.GetProperty("children").EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);

    private static async Task<List<IDictionary<string, object?>>> WorkbookAsync(EmbeddedHost host, string path)
    {
        using var response = await host.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        return [.. stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>()];
    }

    private static Dictionary<string, object?> Screened(string id, int household, DateTimeOffset at) => new()
    {
        ["reportId"] = id, ["siteId"] = Site, ["household"] = household, ["screenedAt"] = at.ToString("O"),
        ["screenerId"] = "w-88", ["outcome"] = "screened", ["residents"] = new[] { new { status = "normal" } },
    };

    private static async Task PostAsync(EmbeddedHost host, params object[] reports)
    {
        using var response = await host.Http.PostAsync("/api/reports", new StringContent(JsonSerializer.Serialize(reports), Encoding.UTF8, "application/json"));
        var reply = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(response.IsSuccessStatusCode && reply.GetProperty("accepted").GetInt32() == reports.Length, reply.GetRawText());
    }

    /// <summary>A unit's event stream, read in the background for its first <c>dailyReport</c> event of 2020-02-03.</summary>
    private sealed class EventStream : IDisposable
    {
        private readonly HttpClient _http;
        private readonly CancellationTokenSource _stop = new();
        private readonly TaskCompletionSource<JsonElement> _dailyReport = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private EventStream(HttpClient http) => _http = http;

        public Task<JsonElement> DailyReport => _dailyReport.Task;

        public static async Task<EventStream> OpenAsync(EmbeddedHost host, string unit)
        {
            var stream = new EventStream(host.Client(host.AdminToken));
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/stream?units={unit}");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            var response = await stream._http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            _ = stream.ReadAsync(await response.Content.ReadAsStreamAsync());
            return stream;
        }

        private async Task ReadAsync(Stream body)
        {
            using var reader = new StreamReader(body);
            string? kind = null;
            try
            {
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    if (line.StartsWith("event: ", StringComparison.Ordinal))
                    {
                        kind = line["event: ".Length..];
                    }
                    else if (kind == "dailyReport" && line.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        var data = JsonDocument.Parse(line["data: ".Length..]).RootElement;
                        if (data.GetProperty("date").GetString() == "2020-02-03")
                        {
                            _dailyReport.TrySetResult(data);
                        }
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                _dailyReport.TrySetException(e);
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _http.Dispose();
        }
    }
}
