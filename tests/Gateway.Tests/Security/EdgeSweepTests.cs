using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Canvass.Gateway.Tests.Security;

/// <summary>
/// Every parameter at its edges, on every endpoint, the hub and the stream: never a 5xx; a refusal is a 4xx problem
/// that says what is wrong (a hub call: a message of its own, never the generic one an unhandled exception gets).
/// </summary>
[Collection(EmbeddedHostCollection.Name)]
public class EdgeSweepTests(EmbeddedHostFixture host)
{
    private const string Site = "440304005021-001";
    private static readonly string Long = new('9', 5000);
    private static readonly string Duplicated = $$"""[{"reportId":"dup-1","siteId":"{{Site}}","household":1,"household":2,"screenedAt":"{{Reports.At(DateTimeOffset.UtcNow)}}","screenerId":"w-1","outcome":"screened","residents":[{"status":"normal"}]}]""";

    public static TheoryData<string, string, string?, string?> Requests => new()
    {
        // History: dates at DateTimeOffset's ends, and around them.
        { "GET", "/api/units/4403/history?to=0001-01-01T00:00Z", null, null },
        { "GET", "/api/units/4403/history?from=0001-01-01T00:00Z", null, null },
        { "GET", "/api/units/4403/history?to=9999-12-31T23:59Z", null, null },
        { "GET", "/api/units/4403/history?from=9999-12-31T23:59Z", null, null },
        { "GET", "/api/units/4403/history?from=0001-01-01T00:00Z&to=0001-01-02T00:00Z", null, null },
        { "GET", "/api/units/4403/history?at=0001-01-01T00:00Z", null, null },
        { "GET", "/api/units/4403/history?at=9999-12-31T23:59:59.9999999Z", null, null },
        { "GET", "/api/units/4403/history?at=0001-01-01T00:00%2B14:00", null, null },
        { "GET", "/api/units/4403/history?at=9999-12-31T23:59-14:00", null, null },
        { "GET", "/api/units/4403/history?to=" + Long, null, null },
        { "GET", "/api/units/" + Long + "/history", null, null },
        // Limits: zero, negative, overflowing, not numbers.
        { "GET", "/api/units/4403/gaps?limit=-1", null, null },
        { "GET", "/api/units/4403/gaps?limit=2147483648", null, null },
        { "GET", "/api/units/4403/gaps?limit=99999999999999999999", null, null },
        { "GET", "/api/units/4403/gaps?limit=1e3", null, null },
        { "GET", "/api/units/4403/alerts?limit=-2147483648", null, null },
        { "GET", "/api/units/4403/alerts?limit=9223372036854775807", null, null },
        { "GET", "/api/units/4403/alerts?escalated=TRUE%00", null, null },
        // Malformed and very long ids.
        { "GET", "/api/units/" + Long, null, null },
        { "GET", "/api/units/%00", null, null },
        { "GET", "/api/units/..%2F..%2Fetc", null, null },
        { "GET", "/api/units/" + Long + "/children", null, null },
        { "GET", "/api/units/" + Long + "/households", null, null },
        { "GET", "/api/units/4403-/households", null, null },
        { "GET", "/api/webhooks/" + Long, null, null },
        { "DELETE", "/api/webhooks/%FF%FE", null, null },
        { "POST", "/api/alerts/" + Long + "/ack", "application/json", """{"by":"x","note":"y"}""" },
        // Case places: days at DateOnly's ends.
        { "GET", "/api/case-places?date=0001-01-01", null, null },
        { "GET", "/api/case-places?date=9999-12-31", null, null },
        { "GET", "/api/public/case-places?date=0001-01-01", null, null },
        { "GET", "/api/public/case-places?date=9999-12-31", null, null },
        { "DELETE", "/api/case-places/9999-12-31/" + Site, null, null },
        { "DELETE", "/api/case-places/0001-01-01/" + Site, null, null },
        { "POST", "/api/case-places", "application/json", $$"""{"siteId":"{{Site}}","date":"9999-12-31"}""" },
        { "POST", "/api/case-places", "application/json", $$"""{"siteId":"{{Site}}","date":"0001-01-01"}""" },
        // Bodies: bad JSON, wrong types, wrong content types, duplicate members, empty.
        { "POST", "/api/reports", "application/json", "[{" },
        { "POST", "/api/reports", "application/json", "" },
        { "POST", "/api/reports", "application/json", "{}" },
        { "POST", "/api/reports", "application/json", """[{"household":1e400}]""" },
        { "POST", "/api/reports", "application/json", """[{"household":99999999999}]""" },
        { "POST", "/api/reports", "application/json", Duplicated },
        { "POST", "/api/reports", "application/x-ndjson", "{\"reportId\":\"a\",\"reportId\":\"b\"}\n" },
        { "POST", "/api/reports", "text/plain", "[]" },
        { "POST", "/api/reports", "application/json; charset=ebcdic", "[]" },
        { "POST", "/api/reports", "multipart/form-data; boundary=x", "--x--" },
        { "POST", "/api/checkpoints", "application/json", """[{"temperatureChecks":-1e308}]""" },
        { "POST", "/api/checkpoints", "application/json", """[{"at":"0001-01-01T00:00:00-14:00"}]""" },
        { "POST", "/api/checkpoints", "application/json", """[{"reportId":"c","reportId":"d"}]""" },
        { "POST", "/api/tokens", "application/json", """{"role":"display","unit":"4403","subject":"s","lifetime":"10675199.02:48:05.4775807"}""" },
        { "POST", "/api/tokens", "application/json", """{"role":"display","unit":"4403","subject":"s","lifetime":"-10675199.02:48:05.4775808"}""" },
        { "POST", "/api/tokens", "application/json", """{"role":"display","role":"admin","unit":"4403","subject":"s"}""" },
        { "POST", "/api/tokens", "text/plain", "role=admin" },
        { "POST", "/api/tokens", "application/json", "[" },
        { "POST", "/api/alerts/x/ack", "application/json", """{"by":"a","by":"b","note":"n"}""" },
        { "POST", "/api/alerts/x/ack", "application/xml", "<by/>" },
        { "POST", "/api/alerts/x/ack", "application/json", "{\"by\":" + new string('[', 2000) },
        { "POST", "/api/case-places", "application/json", $$"""{"siteId":"{{Site}}","siteId":"x","date":"2020-02-02"}""" },
        { "POST", "/api/case-places", "text/csv", "a,b" },
        { "POST", "/api/webhooks", "application/json", """{"url":"http://127.0.0.1:9/","url":"http://127.0.0.1:8/","units":["4403"],"secret":"0123456789abcdef0123456789abcdef"}""" },
        { "POST", "/api/webhooks", "application/json", """{"url":"http://127.0.0.1:9/","units":null,"secret":1}""" },
        { "POST", "/api/webhooks", "application/json", "{\"url\":\"http://127.0.0.1:" + Long + "/\",\"units\":[\"4403\"],\"secret\":\"0123456789abcdef0123456789abcdef\"}" },
        { "POST", "/api/webhooks", "application/x-www-form-urlencoded", "url=x" },
        // The stream: odd thresholds, resumption ids and unit lists.
        { "GET", "/api/stream?units=4403&filter=coverage&thresholds=1e400", null, null },
        { "GET", "/api/stream?units=4403&filter=coverage&thresholds=NaN", null, null },
        { "GET", "/api/stream?units=4403&filter=coverage&thresholds=-Infinity", null, null },
        { "GET", "/api/stream?units=4403&lastEventId=" + Long, null, null },
        { "GET", "/api/stream?units=4403&lastEventId=eyI0NDAzIjoiYSJ9", null, null },
        { "GET", "/api/stream?units=" + Long, null, null },
        { "GET", "/api/stream?units=,,,", null, null },
        { "GET", "/api/stream?units=4403&children=" + Long, null, null },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task A_request_at_the_edges_is_answered_without_a_5xx_and_refused_as_a_problem(string method, string path, string? contentType, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var response = await host.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        var status = (int)response.StatusCode;
        var text = response.Content.Headers.ContentType?.MediaType == "text/event-stream" ? "(a stream)" : await response.Content.ReadAsStringAsync();
        // Some edges are valid requests (an empty batch, a day with no marks): those answer 2xx; none may answer 5xx.
        Assert.True(status < 500, $"{method} {Cut(path)} answered {status}: {Cut(text)}");
        if (status >= 400 && text.Length > 0)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(status, JsonDocument.Parse(text).RootElement.GetProperty("status").GetInt32());
        }
    }

    public static TheoryData<string, object?[]> HubCalls => new()
    {
        { "Subscribe", [Long, false] },
        { "Subscribe", [null, true] },
        { "Subscribe", ["", true] },
        { "Unsubscribe", [Long] },
        { "SubscribeMany", [null] },
        { "SubscribeMany", [new { units = (object?)null }] },
        { "SubscribeMany", [new { units = new[] { new { id = (string?)null } } }] },
        { "SubscribeMany", [new { units = new[] { new { id = "4403" } }, since = new Dictionary<string, long> { ["4403"] = long.MaxValue, [Long] = long.MinValue } }] },
        { "SubscribeMany", [new { units = new[] { new { id = "4403" } }, filter = new { kind = "coverage", thresholds = new[] { double.MaxValue, -double.MaxValue } } }] },
        { "SubscribeMany", [new { units = new[] { new { id = "4403" } }, filter = new { kind = Long } }] },
    };

    [Theory]
    [MemberData(nameof(HubCalls))]
    public async Task A_hub_call_at_the_edges_answers_or_fails_with_a_message_of_its_own(string method, object?[] arguments)
    {
        await using var connection = await host.ConnectAsync();

        try
        {
            await connection.InvokeCoreAsync(method, typeof(JsonElement?), arguments);
        }
        catch (HubException refused)
        {
            // SignalR passes a HubException's own message on ("… HubException: <message>"); anything else thrown
            // on the server reaches the client as the generic sentence alone.
            Assert.Contains("HubException: ", refused.Message);
        }

        Assert.Equal(HubConnectionState.Connected, connection.State);
    }

    private static string Cut(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
