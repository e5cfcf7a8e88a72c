using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Canvass.Gateway.Tests;

/// <summary>
/// Webhooks on the real embedded host, delivered to real receivers on loopback (backoff 200 ms doubling up to 1 s,
/// set by the fixture). Each test has its own community in Longgang, which no other test reports to.
/// </summary>
[Collection(EmbeddedHostCollection.Name)]
public class WebhookTests(EmbeddedHostFixture host)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _secret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task A_receiver_that_fails_the_first_attempts_gets_every_unit_in_version_order_ending_at_the_latest()
    {
        const string community = "440307009004";
        await using var receiver = new WebhookReceiver(_secret);
        receiver.FailNext(8);
        await receiver.StartAsync();
        var id = await RegisterAsync(receiver.Url, [community], children: true);
        var units = await UnitsOfAsync(community);

        // Rounds of reports to every site, each after the previous is acknowledged, so that versions move many times.
        for (var round = 1; round <= 6; round++)
        {
            var reports = units.Where(u => u != community).Select((site, i) => Reports.Screened($"wh1-{round}-{i}", site, round, "normal", round % 2 == 0 ? "fever" : "normal"));
            (await host.PostReportsAsync(Reports.Json([.. reports]))).EnsureSuccessStatusCode();
        }

        await AllAcknowledgedAtTheLatestAsync(receiver, units);

        var deliveries = receiver.Deliveries;
        Assert.True(deliveries.Count(d => !d.Acknowledged) >= 8, "the receiver failed its first attempts");
        AssertWellFormed(deliveries, id, units);
        AssertInVersionOrder(deliveries);
    }

    [Fact]
    public async Task A_receiver_that_is_down_for_a_while_gets_the_backlog_once_it_comes_up()
    {
        const string community = "440307009009";
        await using var receiver = new WebhookReceiver(_secret, Ports.Free());
        var id = await RegisterAsync(receiver.Url, [community], children: true);
        var units = await UnitsOfAsync(community);
        for (var round = 1; round <= 3; round++)
        {
            var reports = units.Where(u => u != community).Select((site, i) => Reports.Screened($"wh2-{round}-{i}", site, round, "normal"));
            (await host.PostReportsAsync(Reports.Json([.. reports]))).EnsureSuccessStatusCode();
        }

        // Down: the port is closed. Wait until every unit owes its latest version and has failed at it twice.
        await EventuallyAsync(async () =>
        {
            var deliveries = await DeliveriesAsync(id);
            foreach (var unit in units)
            {
                var d = deliveries[unit];
                if (d.GetProperty("failedAttempts").GetInt32() < 2 || d.GetProperty("pendingVersion").ValueKind != JsonValueKind.Number
                    || d.GetProperty("pendingVersion").GetInt64() != await VersionAsync(unit))
                {
                    return false;
                }
            }

            return true;
        }, "every unit to owe its latest version with two failed attempts");
        Assert.Empty(receiver.Deliveries);
        Assert.Equal("connection failed", (await DeliveriesAsync(id))[community].GetProperty("lastError").GetString());

        await receiver.StartAsync();

        await AllAcknowledgedAtTheLatestAsync(receiver, units);
        AssertWellFormed(receiver.Deliveries, id, units);
        AssertInVersionOrder(receiver.Deliveries);
        await EventuallyAsync(async () => (await DeliveriesAsync(id)).Values.All(d =>
            d.GetProperty("pendingVersion").ValueKind == JsonValueKind.Null && d.GetProperty("failedAttempts").GetInt32() == 0), "nothing owed any more");
    }

    [Fact]
    public async Task A_registration_reads_back_without_its_secret_lists_under_its_partner_and_once_deleted_gets_nothing_more()
    {
        const string community = "440307010001";
        var site = (await UnitsOfAsync(community)).First(u => u != community);
        var partner = "partner-" + Guid.NewGuid().ToString("N")[..8];
        await using var deleted = new WebhookReceiver(_secret);
        await using var kept = new WebhookReceiver(_secret);
        await deleted.StartAsync();
        await kept.StartAsync();

        using var created = await host.Http.PostAsJsonAsync("/api/webhooks", new { partner, url = deleted.Url, units = new[] { site }, secret = _secret });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var createdText = await created.Content.ReadAsStringAsync();
        var id = JsonDocument.Parse(createdText).RootElement.GetProperty("id").GetString()!;
        Assert.Equal($"/api/webhooks/{id}", created.Headers.Location!.OriginalString);
        var keptId = await RegisterAsync(kept.Url, [site], children: false, partner);

        var read = await host.GetJsonAsync($"/api/webhooks/{id}");
        var listed = await host.Http.GetStringAsync($"/api/webhooks?partner={partner}");
        foreach (var text in new[] { createdText, read.GetRawText(), listed, await host.Http.GetStringAsync("/api/webhooks") })
        {
            Assert.DoesNotContain(_secret, text);
            Assert.DoesNotContain("secret", text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal((partner, deleted.Url, site, false), (read.GetProperty("partner").GetString(), read.GetProperty("url").GetString(),
            read.GetProperty("units")[0].GetString(), read.GetProperty("children").GetBoolean()));
        Assert.Equal([id, keptId], JsonDocument.Parse(listed).RootElement.EnumerateArray().Select(w => w.GetProperty("id").GetString()));

        // Both receivers have the site's first version; then one registration goes.
        await deleted.WaitForAsync(d => d.Any(x => x.Acknowledged), Patience, "the first delivery");
        Assert.Equal(HttpStatusCode.NoContent, (await host.Http.DeleteAsync($"/api/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync($"/api/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.DeleteAsync($"/api/webhooks/{id}")).StatusCode);
        var before = deleted.Deliveries.Count;

        (await host.PostReportsAsync(Reports.Json(Reports.Screened("wh3-1", site, 1, "normal")))).EnsureSuccessStatusCode();

        // The kept webhook's delivery of the new version travels the same path as the deleted one's would.
        var version = await VersionAsync(site);
        await kept.WaitForAsync(d => d.Any(x => x.Acknowledged && x.Version == version), Patience, $"version {version} at the kept receiver");
        Assert.Equal(before, deleted.Deliveries.Count);
        Assert.DoesNotContain(JsonDocument.Parse(await host.Http.GetStringAsync($"/api/webhooks?partner={partner}")).RootElement.EnumerateArray(),
            w => w.GetProperty("id").GetString() == id);
    }

    [Theory]
    [InlineData("""{"partner":"p","url":"ftp://127.0.0.1/hook","units":["4403"],"secret":"0123456789abcdef0123456789abcdef"}""", "not an absolute http or https address")]
    [InlineData("""{"partner":"p","url":"/relative/hook","units":["4403"],"secret":"0123456789abcdef0123456789abcdef"}""", "not an absolute http or https address")]
    [InlineData("""{"partner":"p","url":"http://127.0.0.1/hook","units":["4403"],"secret":"too-short"}""", "secret must be at least 32 characters")]
    [InlineData("""{"partner":"p","url":"http://127.0.0.1/hook","units":["4403","9999"],"secret":"0123456789abcdef0123456789abcdef"}""", "'9999' is not in the registry")]
    [InlineData("""{"partner":"p","url":"http://127.0.0.1/hook","units":[],"secret":"0123456789abcdef0123456789abcdef"}""", "units is required")]
    [InlineData("""{"url":"http://127.0.0.1/hook","units":["4403"],"secret":"0123456789abcdef0123456789abcdef"}""", "partner is required")]
    [InlineData("""{"partner":"p","url":"http://127.0.0.1/hook","units":"4403","secret":"0123456789abcdef0123456789abcdef"}""", "must be a JSON object")]
    [InlineData("null", "The body is 'null'")]
    public async Task An_invalid_registration_is_a_problem_that_says_what_is_wrong(string body, string detail)
    {
        using var response = await host.Http.PostAsync("/api/webhooks", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_registration_with_more_units_than_allowed_is_refused()
    {
        var units = new List<string>();
        // The communities of two districts (Longgang alone has 144).
        foreach (var subdistrict in (await host.GetJsonAsync("/api/units/440307/children")).EnumerateArray()
            .Concat((await host.GetJsonAsync("/api/units/440306/children")).EnumerateArray()))
        {
            var communities = await host.GetJsonAsync($"/api/units/{subdistrict.GetProperty("id").GetString()}/children");
            units.AddRange(communities.EnumerateArray().Select(c => c.GetProperty("id").GetString()!));
        }

        units = units.Take(201).ToList();
        Assert.Equal(201, units.Count);

        using var response = await host.Http.PostAsJsonAsync("/api/webhooks", new { partner = "p", url = "http://127.0.0.1/hook", units, secret = _secret });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 200", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    private async Task<string> RegisterAsync(string url, string[] units, bool children, string partner = "health-bureau")
    {
        using var response = await host.Http.PostAsJsonAsync("/api/webhooks", new { partner, url, units, children, secret = _secret });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>The community and its sites: what a registration of it with children delivers.</summary>
    private async Task<string[]> UnitsOfAsync(string community) =>
        [community, .. (await host.GetJsonAsync($"/api/units/{community}/children")).EnumerateArray().Select(c => c.GetProperty("id").GetString()!)];

    private async Task<long> VersionAsync(string unit) => (await host.GetJsonAsync($"/api/units/{unit}")).GetProperty("version").GetInt64();

    private async Task<Dictionary<string, JsonElement>> DeliveriesAsync(string id) =>
        (await host.GetJsonAsync($"/api/webhooks/{id}")).GetProperty("deliveries").EnumerateArray()
            .ToDictionary(d => d.GetProperty("unitId").GetString()!, d => d);

    /// <summary>Waits until the last acknowledged version of every unit is the server's current one.</summary>
    private async Task AllAcknowledgedAtTheLatestAsync(WebhookReceiver receiver, string[] units) =>
        await EventuallyAsync(async () =>
        {
            var acknowledged = receiver.Acknowledged();
            foreach (var unit in units)
            {
                if (!acknowledged.TryGetValue(unit, out var versions) || versions[^1] != await VersionAsync(unit))
                {
                    return false;
                }
            }

            return true;
        }, "every unit acknowledged at the server's latest version: " + string.Join(", ", units));

    private static void AssertWellFormed(IReadOnlyList<ReceivedDelivery> deliveries, string webhookId, string[] units)
    {
        Assert.All(deliveries, d =>
        {
            Assert.True(d.SignatureValid, $"signature of {d.Delivery}");
            Assert.Equal(webhookId, d.WebhookId);
            Assert.Equal("application/json", d.ContentType.Split(';')[0]);
            Assert.InRange(d.Timestamp, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
            // The body is the unit's summary at the version the header names.
            Assert.Equal(d.UnitId, d.Summary.GetProperty("id").GetString());
            Assert.Equal(d.Version, d.Summary.GetProperty("version").GetInt64());
        });
        Assert.Equal(units.Order(), deliveries.Select(d => d.UnitId).Distinct().Order());
    }

    /// <summary>Per unit, versions never go down, and each acknowledged one is above the one acknowledged before.</summary>
    private static void AssertInVersionOrder(IReadOnlyList<ReceivedDelivery> deliveries)
    {
        foreach (var unit in deliveries.GroupBy(d => d.UnitId))
        {
            var all = unit.Select(d => d.Version).ToArray();
            Assert.Equal(all.Order(), all);
            var acknowledged = unit.Where(d => d.Acknowledged).Select(d => d.Version).ToArray();
            Assert.Equal(acknowledged.Distinct().Order(), acknowledged);
        }
    }

    private static Task EventuallyAsync(Func<Task<bool>> condition, string what) => Eventually.UntilAsync(condition, what, Patience);
}
