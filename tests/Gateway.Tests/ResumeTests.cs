using System.Buffers.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Canvass.Gateway.Tests;

/// <summary>
/// Subscriptions that never silently miss: a client away while hundreds of updates happen hands back the versions it
/// holds and ends with exactly the server's latest summary of every unit it follows, over the hub and over SSE.
/// </summary>
[Collection(EmbeddedHostCollection.Name)]
public class ResumeTests(EmbeddedHostFixture host)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_hub_client_back_with_its_versions_gets_every_unit_that_changed_and_ends_exact()
    {
        // Subdistrict 440308001 with its communities; two of them with their sites.
        const string subdistrict = "440308001";
        string[] communities = ["440308001002", "440308001005"];
        var copies = new UnitCopies();
        var request = new
        {
            units = new[] { new { id = subdistrict, children = true } }.Concat(communities.Select(c => new { id = c, children = true })),
        };
        await using (var first = await host.ConnectAsync())
        {
            first.OnUnits(copies.Keep);
            var reply = await first.InvokeAsync<JsonElement>("SubscribeMany", request);
            foreach (var summary in reply.GetProperty("units").EnumerateArray())
            {
                copies.Keep(summary);
            }
        }

        var server = () => ReadAsync([subdistrict, .. communities]);
        Assert.Equal((await server()).Keys.Order(), copies.Versions().Keys.Order());
        var away = copies.Versions();

        // Away: eight sites of each community get 19 households each, one batch of ten reports at a time.
        var changed = communities.SelectMany(c => Enumerable.Range(1, 8).Select(i => $"{c}-{i:000}")).ToArray();
        await PostSpreadAsync("resume-hub", changed, request);

        await using var back = await host.ConnectAsync();
        back.OnUnits(copies.Keep);
        var caughtUp = await back.InvokeAsync<JsonElement>("SubscribeMany", new { request.units, since = away });
        var sent = caughtUp.GetProperty("units").EnumerateArray().ToArray();
        foreach (var summary in sent)
        {
            copies.Keep(summary);
        }

        var final = await copies.ConvergeAsync(server, Patience);
        AssertExact(final, copies);
        // Only what changed came back: every site that got reports, and nothing the client already held.
        Assert.All(sent, s => Assert.True(UnitCopies.Version(s) > away[UnitCopies.Id(s)], $"{UnitCopies.Id(s)} was sent at the version the client held"));
        Assert.Superset(changed.ToHashSet(), sent.Select(UnitCopies.Id).ToHashSet());
        Assert.DoesNotContain(sent, s => UnitCopies.Id(s) is "440308001002-009" or "440308001002-010" or "440308001006");
    }

    [Fact]
    public async Task An_event_stream_resumed_with_Last_Event_ID_gets_every_unit_that_changed_and_ends_exact()
    {
        const string subdistrict = "440308002";
        string[] communities = ["440308002004", "440308002005"];
        var address = new Uri(host.BaseAddress, $"/api/stream?units={subdistrict},{string.Join(',', communities)}&children=true");
        var server = () => ReadAsync([subdistrict, .. communities]);
        var expected = (await server()).Keys.ToHashSet();
        var copies = new UnitCopies();
        string lastEventId;
        Dictionary<string, long> away;
        await using (var first = await EventStreamClient.OpenAsync(address, copies, host.AdminToken))
        {
            await copies.WaitUntilAsync(c => c.Count == expected.Count, Patience, $"all {expected.Count} units");
            Assert.Equal(expected.Order(), copies.Versions().Keys.Order());
            lastEventId = first.LastEventId!;
            away = copies.Versions();
        }

        // The last id says where the client stands on every unit of the stream.
        Assert.Equal(away, JsonSerializer.Deserialize<Dictionary<string, long>>(Base64Url.DecodeFromChars(lastEventId)));

        var changed = communities.SelectMany(c => Enumerable.Range(1, 8).Select(i => $"{c}-{i:000}")).ToArray();
        await PostSpreadAsync("resume-sse", changed, new
        {
            units = new[] { new { id = subdistrict, children = true } }.Concat(communities.Select(c => new { id = c, children = true })),
        });

        await using var back = await EventStreamClient.OpenAsync(address, copies, host.AdminToken, lastEventId);
        var final = await copies.ConvergeAsync(server, Patience);
        AssertExact(final, copies);
        // Only what changed came back: every site that got reports, and nothing the client already held.
        Assert.Superset(changed.ToHashSet(), back.EventUnits.ToHashSet());
        Assert.DoesNotContain(back.EventUnits, id => id is "440308002005-009" or "440308002005-012" or "440308002003");
        Assert.All(final, u => Assert.True(back.EventUnits.Contains(u.Key) || away[u.Key] == UnitCopies.Version(u.Value), $"{u.Key} changed and was not sent"));

        // A quiet stream still speaks: the fixture's heartbeat comes every second.
        await back.Comment.WaitAsync(Patience);
    }

    [Fact]
    public async Task The_lastEventId_query_resumes_a_stream_as_the_header_does()
    {
        const string site = "440308002008-001";
        var address = $"/api/stream?units={site}";
        string lastEventId;
        var copies = new UnitCopies();
        await using (var first = await EventStreamClient.OpenAsync(new Uri(host.BaseAddress, address), copies, host.AdminToken))
        {
            await copies.WaitUntilAsync(c => c.ContainsKey(site), Patience, site);
            lastEventId = first.LastEventId!;
        }

        (await host.PostReportsAsync(Reports.Json(Reports.Screened("resume-query-1", site, 1, "normal")))).EnsureSuccessStatusCode();

        await using var back = await EventStreamClient.OpenAsync(new Uri(host.BaseAddress, $"{address}&lastEventId={lastEventId}"), copies, host.AdminToken);
        await copies.WaitUntilAsync(c => c.TryGetValue(site, out var s) && s.GetProperty("screenedHouseholds").GetInt64() == 1, Patience, "the new report");
        Assert.Equal([site], back.EventUnits);
    }

    [Theory]
    [InlineData("/api/stream?units=440308,9999,8888", 404, "Units '9999', '8888' are not in the registry")]
    [InlineData("/api/stream", 400, "Name the units")]
    [InlineData("/api/stream?units=440308&filter=loud", 400, "filter 'loud' is not one of")]
    [InlineData("/api/stream?units=440308&filter=coverage", 400, "needs 1 to 20 thresholds")]
    [InlineData("/api/stream?units=440308&filter=coverage&thresholds=0.5,2", 400, "threshold 2 is not a coverage")]
    [InlineData("/api/stream?units=440308&children=maybe", 400, "children 'maybe'")]
    [InlineData("/api/stream?units=440308&lastEventId=not-an-id", 400, "Last-Event-ID is not an event id")]
    public async Task A_stream_that_cannot_start_is_refused_with_a_problem_before_it_starts(string path, int status, string detail)
    {
        using var response = await host.Http.GetAsync(path);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, (await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_stream_of_more_than_200_units_children_included_is_refused()
    {
        // A community of Yantian and the 200 sites of the first communities of Luohu.
        var sites = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "data", "shenzhen", "shenzhen-sites.csv")).Skip(1)
            .Select(line => line.Split(',')[0]).Take(200);
        using var response = await host.Http.GetAsync($"/api/stream?units=440308001002,{string.Join(',', sites)}");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("at most 200", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SubscribeMany_with_unknown_units_fails_naming_them()
    {
        await using var client = await host.ConnectAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => client.InvokeAsync<JsonElement>("SubscribeMany",
            new { units = new[] { new { id = "440308", children = false }, new { id = "9999", children = false } } }));

        Assert.Contains("'9999' is not in the registry", error.Message);
    }

    /// <summary>
    /// 19 households of each site, ten reports a batch: hundreds of changes, each batch its own flush. Returns once
    /// another client following the same units has been pushed the last of them, so that what a resuming client
    /// needs can only come from its catch-up, not from pushes still on their way.
    /// </summary>
    private async Task PostSpreadAsync(string prefix, string[] sites, object request)
    {
        await using var observer = await host.ConnectAsync();
        var seen = new UnitCopies();
        observer.OnUnits(seen.Keep);
        foreach (var summary in (await observer.InvokeAsync<JsonElement>("SubscribeMany", request)).GetProperty("units").EnumerateArray())
        {
            seen.Keep(summary);
        }

        var reports = Enumerable.Range(1, 19).SelectMany(h => sites.Select(site => (site, h))).ToArray();
        foreach (var batch in reports.Chunk(10))
        {
            var body = Reports.Json([.. batch.Select(r => (object)Reports.Screened($"{prefix}-{r.site}-{r.h}", r.site, r.h, r.h % 7 == 0 ? "fever" : "normal"))]);
            (await host.PostReportsAsync(body)).EnsureSuccessStatusCode();
        }

        var units = seen.Versions().Keys.ToArray();
        await seen.ConvergeAsync(async () =>
        {
            var read = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var id in units)
            {
                read[id] = await host.GetJsonAsync($"/api/units/{id}");
            }

            return read;
        }, Patience);
    }

    /// <summary>The server's summary of each unit and of each one's children, read over REST.</summary>
    private async Task<Dictionary<string, JsonElement>> ReadAsync(string[] withChildren)
    {
        var units = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var id in withChildren)
        {
            units[id] = await host.GetJsonAsync($"/api/units/{id}");
            foreach (var child in (await host.GetJsonAsync($"/api/units/{id}/children")).EnumerateArray())
            {
                units[UnitCopies.Id(child)] = child;
            }
        }

        return units;
    }

    internal static void AssertExact(IReadOnlyDictionary<string, JsonElement> server, UnitCopies copies)
    {
        Assert.Equal(server.Keys.Order(), copies.Versions().Keys.Order());
        foreach (var (id, summary) in server)
        {
            Assert.True(JsonElement.DeepEquals(summary, copies[id]), $"{id}: server {summary.GetRawText()}\nclient {copies[id].GetRawText()}");
        }
    }
}
