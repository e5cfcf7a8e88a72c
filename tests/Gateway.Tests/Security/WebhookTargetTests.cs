using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Canvass.Abstractions.Webhooks;
using Canvass.Storage.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Canvass.Gateway.Tests.Security;

/// <summary>
/// Webhooks that cannot reach inside, through the real host: registration refused with a clear problem, a stored
/// registration refused at the connection, errors as categories, and a cap per partner.
/// </summary>
[Collection(ClosedTargetsHostCollection.Name)]
public class WebhookTargetTests(ClosedTargetsHostFixture host)
{
    private const string Unit = "440307009004";
    private static readonly string Secret = new('s', 40);

    [Theory]
    [InlineData("http://127.0.0.1:9/hook")]
    [InlineData("http://127.9.9.9:5432/")]
    [InlineData("http://[::1]:9/hook")]
    [InlineData("http://[::ffff:127.0.0.1]:9/hook")]
    [InlineData("http://2130706433:9/hook")]
    [InlineData("http://localhost:9/hook")]
    [InlineData("https://LOCALHOST./hook")]
    public async Task A_target_inside_is_refused_at_registration_with_a_problem_and_nothing_is_stored(string url)
    {
        var partner = Partner();
        using var response = await host.Http.PostAsJsonAsync("/api/webhooks", new { partner, url, units = new[] { Unit }, secret = Secret });
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Webhook target refused", problem.GetProperty("title").GetString());
        Assert.Contains("may not reach (loopback)", problem.GetProperty("detail").GetString());
        Assert.Empty((await host.GetJsonAsync($"/api/webhooks?partner={partner}")).EnumerateArray());
    }

    [Fact]
    public async Task A_registration_stored_before_the_allow_list_narrowed_is_refused_at_the_connection_and_shows_only_refused()
    {
        await using var receiver = new WebhookReceiver(Secret);
        await receiver.StartAsync();
        // As if registered while loopback was allowed: the store holds it, and the silo resumes it as at a start.
        var id = "wh-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        await host.Services.GetRequiredService<IWebhookStore>().CreateAsync(
            new StoredWebhook(id, Partner(), receiver.Url, Secret, [Unit], false, DateTimeOffset.UtcNow));
        await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IWebhookGrain>(id).ResumeAsync();

        var delivery = await FailedAsync(id);

        Assert.Equal("refused", delivery.GetProperty("lastError").GetString());
        Assert.Empty(receiver.Deliveries);
        var text = await host.Http.GetStringAsync($"/api/webhooks/{id}");
        Assert.DoesNotContain(receiver.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), text.Replace(receiver.Url, "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_allowed_network_registers_and_failures_there_show_a_category_not_an_address()
    {
        var partner = Partner();
        using var created = await host.Http.PostAsJsonAsync("/api/webhooks", new { partner, url = "http://127.0.0.2:9/hook", units = new[] { Unit }, secret = Secret });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var delivery = await FailedAsync(id);

        Assert.Equal("connection failed", delivery.GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task A_partner_has_at_most_the_configured_number_of_webhooks()
    {
        var partner = Partner();
        var ids = new List<string>();
        for (var i = 0; i < ClosedTargetsHostFixture.MaxPerPartner; i++)
        {
            using var created = await RegisterAsync(partner);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            ids.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }

        using var refused = await RegisterAsync(partner);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("Too many webhooks", problem.GetProperty("title").GetString());
        Assert.Contains($"has {ClosedTargetsHostFixture.MaxPerPartner} webhooks", problem.GetProperty("detail").GetString());
        Assert.Equal(ClosedTargetsHostFixture.MaxPerPartner, (await host.GetJsonAsync($"/api/webhooks?partner={partner}")).GetArrayLength());

        using (var other = await RegisterAsync(Partner()))
        {
            Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await host.Http.DeleteAsync($"/api/webhooks/{ids[0]}")).StatusCode);
        using var again = await RegisterAsync(partner);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    private Task<HttpResponseMessage> RegisterAsync(string partner) =>
        host.Http.PostAsJsonAsync("/api/webhooks", new { partner, url = "http://127.0.0.2:9/hook", units = new[] { Unit }, secret = Secret });

    private static string Partner() => "sec-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The unit's delivery state once an attempt has failed.</summary>
    private async Task<JsonElement> FailedAsync(string id)
    {
        var deliveries = await Eventually.UntilAsync(
            async () => (await host.GetJsonAsync($"/api/webhooks/{id}")).GetProperty("deliveries").EnumerateArray()
                .Where(d => d.GetProperty("unitId").GetString() == Unit).ToArray(),
            found => found is [var d] && d.GetProperty("failedAttempts").GetInt32() > 0,
            $"webhook {id} to make a failed attempt");
        return deliveries[0];
    }
}
