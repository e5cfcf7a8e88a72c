using System.Net;
using System.Text;
using System.Text.Json;

namespace Canvass.Gateway.Tests;

/// <summary>Checkpoint reports, the alerts they raise, acknowledgement and households, through the real host.</summary>
[Collection(EmbeddedHostCollection.Name)]
public class AlertsApiTests(EmbeddedHostFixture host)
{
    [Fact]
    public async Task An_open_checkpoint_is_an_alert_listed_up_the_tree_and_a_closed_one_clears_it()
    {
        const string site = "440305001001-002";
        var reply = await PostCheckpointsAsync(Checkpoint("cpa-1", site, closed: false, staffed: true, checks: 300));
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);

        var alert = await WaitForAlertAsync("440305", a => a.GetProperty("siteId").GetString() == site && a.GetProperty("kind").GetString() == "checkpointOpen");
        Assert.Equal("440305001001", alert.GetProperty("communityId").GetString());
        var summary = await host.GetJsonAsync($"/api/units/{site}");
        Assert.Equal(300, summary.GetProperty("temperatureChecksLastHour").GetInt64());
        Assert.Equal(0, summary.GetProperty("closedSites").GetInt32());

        await PostCheckpointsAsync(Checkpoint("cpa-2", site, closed: true, staffed: true, checks: 10, secondsAgo: 0));
        var own = await host.GetJsonAsync($"/api/units/{site}/alerts");
        Assert.DoesNotContain(own.EnumerateArray(), a => a.GetProperty("kind").GetString() == "checkpointOpen");
        Assert.Equal(1, (await host.GetJsonAsync($"/api/units/{site}")).GetProperty("closedSites").GetInt32());
    }

    [Fact]
    public async Task Invalid_checkpoint_reports_are_refused_one_by_one_and_change_nothing()
    {
        const string site = "440305001001-003";
        var before = await host.GetJsonAsync($"/api/units/{site}");
        var body = JsonSerializer.Serialize(new object[]
        {
            new Dictionary<string, object?> { ["reportId"] = "bad-1", ["siteId"] = site, ["at"] = Reports.At(DateTimeOffset.UtcNow), ["closed"] = true, ["temperatureChecks"] = 1 },
            new Dictionary<string, object?> { ["reportId"] = "bad-2", ["siteId"] = "nowhere", ["at"] = Reports.At(DateTimeOffset.UtcNow), ["closed"] = true, ["staffed"] = true, ["temperatureChecks"] = 1 },
            new Dictionary<string, object?> { ["reportId"] = "bad-3", ["siteId"] = site, ["at"] = Reports.At(DateTimeOffset.UtcNow.AddHours(1)), ["closed"] = true, ["staffed"] = true, ["temperatureChecks"] = 1 },
            new Dictionary<string, object?> { ["reportId"] = "bad-4", ["siteId"] = site, ["at"] = Reports.At(DateTimeOffset.UtcNow), ["closed"] = true, ["staffed"] = true, ["temperatureChecks"] = -5 },
            new Dictionary<string, object?> { ["reportId"] = "bad-5", ["siteId"] = site, ["at"] = "2000-01-02T08:00:00+08:00", ["closed"] = true, ["staffed"] = true, ["temperatureChecks"] = 1 },
        });

        using var reply = await host.Http.PostAsync("/api/checkpoints", new StringContent(body, Encoding.UTF8, "application/json"));
        var json = JsonDocument.Parse(await reply.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal(5, json.GetProperty("rejected").GetInt32());
        var errors = json.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("error").GetString()).ToArray();
        Assert.Contains("staffed is required", errors[0]);
        Assert.Contains("not a site of the registry", errors[1]);
        Assert.Contains("in the future", errors[2]);
        Assert.Contains("outside 0..", errors[3]);
        Assert.Contains("days before its screening start", errors[4]);
        Assert.Equal(before.GetProperty("version").GetInt64(), (await host.GetJsonAsync($"/api/units/{site}")).GetProperty("version").GetInt64());

        using var malformed = await host.Http.PostAsync("/api/checkpoints", new StringContent("[{\"closed\": \"yes\"}]", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_alert_is_acknowledged_once_with_who_and_a_note_and_bad_acknowledgements_are_refused()
    {
        const string site = "440305001001-004";
        await PostCheckpointsAsync(Checkpoint("ack-1", site, closed: true, staffed: false, checks: 0));
        var alert = await WaitForAlertAsync(site, a => a.GetProperty("kind").GetString() == "checkpointUnstaffed");
        var id = alert.GetProperty("id").GetString()!;
        var path = $"/api/alerts/{Uri.EscapeDataString(id)}/ack";

        using var noNote = await PostJsonAsync(path, "{\"by\":\"Li Wei\"}");
        Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
        Assert.Contains("note is required", await noNote.Content.ReadAsStringAsync());
        using var notJson = await host.Http.PostAsync(path, new StringContent("hello", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        using var unknown = await PostJsonAsync($"/api/alerts/{Uri.EscapeDataString(site + ":finding:9:0")}/ack", "{\"by\":\"Li Wei\",\"note\":\"x\"}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await WaitForAlertAsync(site, a => a.GetProperty("id").GetString() == id)).GetProperty("acknowledgement").ValueKind);

        using var ack = await PostJsonAsync(path, "{\"by\":\"Li Wei\",\"note\":\"门岗已补人\"}");
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        var acknowledged = JsonDocument.Parse(await ack.Content.ReadAsStringAsync()).RootElement.GetProperty("acknowledgement");
        Assert.Equal("Li Wei", acknowledged.GetProperty("by").GetString());
        Assert.Equal("门岗已补人", acknowledged.GetProperty("note").GetString());

        using var again = await PostJsonAsync(path, "{\"by\":\"Zhang\",\"note\":\"me too\"}");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var listed = await WaitForAlertAsync("440305001001", a => a.GetProperty("id").GetString() == id);
        Assert.Equal("Li Wei", listed.GetProperty("acknowledgement").GetProperty("by").GetString());
    }

    [Fact]
    public async Task A_sites_households_list_the_latest_report_of_each()
    {
        const string site = "440305001001-005";
        await host.PostReportsAsync(Reports.Json(Reports.Screened("hh-1", site, 2, "fever", "normal")));

        var households = await host.GetJsonAsync($"/api/units/{site}/households");
        var summary = await host.GetJsonAsync($"/api/units/{site}");

        Assert.Equal(summary.GetProperty("registeredHouseholds").GetInt64(), households.GetArrayLength());
        Assert.Equal(JsonValueKind.Null, households[0].GetProperty("outcome").ValueKind);
        Assert.Equal("screened", households[1].GetProperty("outcome").GetString());
        Assert.Equal(1, households[1].GetProperty("residents").GetProperty("fever").GetInt32());
        using var notASite = await host.Http.GetAsync("/api/units/440305/households");
        Assert.Equal(HttpStatusCode.BadRequest, notASite.StatusCode);
        using var unknown = await host.Http.GetAsync("/api/units/4403999/alerts");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var badLimit = await host.Http.GetAsync("/api/units/4403/alerts?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
    }

    private static Dictionary<string, object?> Checkpoint(string id, string site, bool closed, bool staffed, int checks, int secondsAgo = 1) => new()
    {
        ["reportId"] = id,
        ["siteId"] = site,
        ["at"] = Reports.At(DateTimeOffset.UtcNow.AddSeconds(-secondsAgo)),
        ["closed"] = closed,
        ["staffed"] = staffed,
        ["temperatureChecks"] = checks,
    };

    private Task<HttpResponseMessage> PostCheckpointsAsync(params object[] reports) =>
        host.Http.PostAsync("/api/checkpoints", new StringContent(JsonSerializer.Serialize(reports), Encoding.UTF8, "application/json"));

    private Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        host.Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<JsonElement> WaitForAlertAsync(string unitId, Func<JsonElement, bool> match)
    {
        var alerts = await Eventually.UntilAsync(() => host.GetJsonAsync($"/api/units/{unitId}/alerts?limit=1000"),
            list => list.EnumerateArray().Any(match), $"a matching alert in the list of {unitId}", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(25));
        return alerts.EnumerateArray().First(match);
    }
}
