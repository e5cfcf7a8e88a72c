using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Canvass.Gateway.Tests.Security;

/// <summary>A webhook whose partner's tokens were revoked after it was registered stops delivering (loopback receiver).</summary>
[Collection(EmbeddedHostCollection.Name)]
public class WebhookRevocationTests(EmbeddedHostFixture host)
{
    private const string Community = "440307003005";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _secret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task Revoking_the_partners_subject_stops_its_webhook_and_its_status_says_revoked()
    {
        await using var receiver = new WebhookReceiver(_secret);
        await receiver.StartAsync();
        using var created = await host.Http.PostAsJsonAsync("/api/webhooks",
            new { partner = "revoked-partner", url = receiver.Url, units = new[] { Community }, children = false, secret = _secret });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var site = (await host.GetJsonAsync($"/api/units/{Community}/children"))[0].GetProperty("id").GetString()!;

        (await host.PostReportsAsync(Reports.Json(Reports.Screened("whr-1", site, 1, "normal")))).EnsureSuccessStatusCode();
        await EventuallyAsync(() => receiver.Acknowledged().ContainsKey(Community), "the first delivery");

        using var revoked = await host.Http.PostAsJsonAsync("/api/tokens/revocations", new { subject = "revoked-partner" });
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        // The webhook asks for revocations at most every PartnerAuthority.CheckEvery (2 s): past that, nothing goes out.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var before = receiver.Deliveries.Count;
        (await host.PostReportsAsync(Reports.Json(Reports.Screened("whr-2", site, 2, "fever")))).EnsureSuccessStatusCode();

        // The new version is owed to the receiver but not sent: the webhook says why, and nothing arrives.
        var latest = (await host.GetJsonAsync($"/api/units/{Community}")).GetProperty("version").GetInt64();
        await EventuallyAsync(async () =>
        {
            var delivery = (await host.GetJsonAsync($"/api/webhooks/{id}")).GetProperty("deliveries").EnumerateArray().Single();
            return delivery.GetProperty("lastError").GetString() == "revoked";
        }, "lastError revoked");
        Assert.Equal(before, receiver.Deliveries.Count);
        Assert.True(receiver.Acknowledged()[Community][^1] < latest);
    }

    private static Task EventuallyAsync(Func<bool> condition, string what) => Eventually.UntilAsync(condition, what, Patience);

    private static Task EventuallyAsync(Func<Task<bool>> condition, string what) => Eventually.UntilAsync(condition, what, Patience);
}
