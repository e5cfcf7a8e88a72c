using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using MiniExcelLibs;
using nietras.SeparatedValues;

namespace Canvass.Gateway.Tests;

/// <summary>Every export opens (the CSV with Sep, the XLSX with MiniExcel) and holds exactly what its JSON route answers.</summary>
[Collection(EmbeddedHostCollection.Name)]
public class ExportsTests(EmbeddedHostFixture host)
{
    // A community no other test of this host reports to.
    private const string Community = "440306017004";
    private const string Site = "440306017004-002";
    private const string OpenSite = "440306017004-004";

    [Fact]
    public async Task Children_alerts_history_and_households_exports_hold_what_the_json_routes_answer()
    {
        (await host.PostReportsAsync(Reports.Json(
            Reports.Screened("export-1", Site, 3, "normal", "fever"),
            Reports.Screened("export-2", Site, 9, "normal")))).EnsureSuccessStatusCode();
        (await host.Http.PostAsync("/api/checkpoints", new StringContent(JsonSerializer.Serialize(new[]
        {
            new { reportId = "export-cp-1", siteId = OpenSite, at = Reports.At(DateTimeOffset.UtcNow), closed = false, staffed = true, temperatureChecks = 4 },
        }), Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var children = await Eventually.UntilAsync(() => host.GetJsonAsync($"/api/units/{Community}/children"),
            c => c.EnumerateArray().Any(s => s.GetProperty("screenedHouseholds").GetInt64() == 2) && c.EnumerateArray().Any(s => s.GetProperty("openAlerts").GetInt32() > 0),
            "the community's children with the reports and the alert", TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(200));

        foreach (var format in new[] { "csv", "xlsx" })
        {
            var rows = await ExportAsync($"/api/units/{Community}/children.{format}", format);
            Assert.Equal(children.GetArrayLength(), rows.Count);
            foreach (var (row, json) in rows.Zip(children.EnumerateArray()))
            {
                Assert.Equal(json.GetProperty("id").GetString(), row["Code"]);
                Assert.Equal(json.GetProperty("name").GetString(), row["Name"]);
                Assert.Equal("宝安区", row["District"]);
                Assert.Equal("新安街道", row["Subdistrict"]);
                Assert.Equal("龙井社区居委会", row["Community"]);
                Assert.Equal(json.GetProperty("registeredHouseholds").GetInt64().ToString(CultureInfo.InvariantCulture), row["Registered households"]);
                Assert.Equal(json.GetProperty("screenedHouseholds").GetInt64().ToString(CultureInfo.InvariantCulture), row["Screened households"]);
                Assert.Equal(json.GetProperty("residents").GetProperty("fever").GetInt64().ToString(CultureInfo.InvariantCulture), row["Residents fever"]);
                Assert.Equal(json.GetProperty("openAlerts").GetInt32().ToString(CultureInfo.InvariantCulture), row["Open alerts"]);
                Assert.EndsWith("+08:00", row["Figures as of"]);
            }
        }

        var alerts = await host.GetJsonAsync($"/api/units/{Community}/alerts");
        Assert.NotEqual(0, alerts.GetArrayLength());
        foreach (var format in new[] { "csv", "xlsx" })
        {
            var rows = await ExportAsync($"/api/units/{Community}/alerts.{format}?lang=zh", format);
            Assert.Equal(alerts.EnumerateArray().Select(a => a.GetProperty("id").GetString()), rows.Select(r => r["预警编号"]));
            Assert.Equal(alerts.EnumerateArray().Select(a => a.GetProperty("kind").GetString()), rows.Select(r => r["类型"]));
            Assert.All(rows, r => Assert.Equal("龙井社区居委会", r["社区"]));
            Assert.Contains(rows, r => r["编码"] == OpenSite && r["名称"] == "嘉园山庄");
        }

        // A range wholly in the past: the same points however often it is read.
        await Eventually.UntilAsync(() => host.GetJsonAsync($"/api/units/{Site}/history"), h => h.GetArrayLength() > 0, "the site's history point",
            TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(200));
        var to = Uri.EscapeDataString(Reports.At(DateTimeOffset.UtcNow));
        var from = Uri.EscapeDataString(Reports.At(DateTimeOffset.UtcNow.AddMinutes(-10)));
        var history = await host.GetJsonAsync($"/api/units/{Site}/history?from={from}&to={to}");
        Assert.NotEqual(0, history.GetArrayLength());
        foreach (var format in new[] { "csv", "xlsx" })
        {
            var rows = await ExportAsync($"/api/units/{Site}/history.{format}?from={from}&to={to}", format);
            Assert.Equal(history.GetArrayLength(), rows.Count);
            foreach (var (row, point) in rows.Zip(history.EnumerateArray()))
            {
                var at = DateTimeOffset.Parse(point.GetProperty("at").GetString()!, CultureInfo.InvariantCulture);
                Assert.Equal(at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), row["Time"]);
                Assert.Equal(Site, row["Code"]);
                Assert.Equal(point.GetProperty("summary").GetProperty("screenedHouseholds").GetInt64().ToString(CultureInfo.InvariantCulture), row["Screened households"]);
            }
        }

        using var supervisor = host.Client(host.Token("supervisor", Community));
        var households = await host.GetJsonAsync($"/api/units/{Site}/households");
        foreach (var format in new[] { "csv", "xlsx" })
        {
            var rows = await ExportAsync($"/api/units/{Site}/households.{format}", format, supervisor);
            Assert.Equal(households.GetArrayLength(), rows.Count);
            Assert.Equal(["3", "9"], rows.Where(r => r["Outcome"] == "screened").Select(r => r["Household"]));
            Assert.Equal("1", rows.Single(r => r["Household"] == "3")["Residents fever"]);
            Assert.All(rows, r => Assert.Equal("松坪雅苑", r["Name"]));
        }
    }

    [Theory]
    [InlineData("display", "/api/units/440306017004-002/households.csv", HttpStatusCode.Forbidden)]
    [InlineData("admin", "/api/units/440306017004/households.xlsx", HttpStatusCode.BadRequest)]
    [InlineData("admin", "/api/units/440306999999/children.csv", HttpStatusCode.NotFound)]
    [InlineData("admin", "/api/units/440306017004/children.csv?lang=fr", HttpStatusCode.BadRequest)]
    [InlineData("admin", "/api/units/440306017004/alerts.xlsx?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("admin", "/api/units/440306017004/history.csv?from=yesterday", HttpStatusCode.BadRequest)]
    [InlineData("supervisor", "/api/units/440305001001/children.csv", HttpStatusCode.NotFound)]
    public async Task An_export_refuses_what_its_json_route_refuses(string role, string path, HttpStatusCode status)
    {
        using var client = host.Client(host.Token(role, role == "admin" ? "4403" : Community));
        using var response = await client.GetAsync(path);
        Assert.Equal(status, response.StatusCode);
        if (status != HttpStatusCode.Forbidden)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    /// <summary>An export read back: one dictionary of header → text per row.</summary>
    private async Task<List<Dictionary<string, string?>>> ExportAsync(string path, string format, HttpClient? client = null)
    {
        using var response = await (client ?? host.Http).GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (format == "csv")
        {
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "a UTF-8 byte order mark, so that spreadsheets read Chinese");
            using var reader = Sep.New(',').Reader(o => o with { Unescape = true }).FromText(Encoding.UTF8.GetString(bytes.AsSpan(3)));
            var header = reader.Header.ColNames;
            var rows = new List<Dictionary<string, string?>>();
            foreach (var row in reader)
            {
                var cells = new Dictionary<string, string?>();
                for (var i = 0; i < header.Count; i++)
                {
                    cells[header[i]] = row[i].ToString();
                }

                rows.Add(cells);
            }

            return rows;
        }

        Assert.EndsWith(".xlsx", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        using var stream = new MemoryStream(bytes);
        return [.. MiniExcel.Query(stream, useHeaderRow: true, excelType: ExcelType.XLSX)
            .Cast<IDictionary<string, object?>>()
            .Select(r => r.ToDictionary(c => c.Key, c => c.Value is null ? "" : Convert.ToString(c.Value, CultureInfo.InvariantCulture)))];
    }
}
