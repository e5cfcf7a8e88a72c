using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Canvass.Gateway.Tests.Care.CareBodies;

namespace Canvass.Gateway.Tests.Care;

/// <summary>The care figures travel where every summary does: into a unit's history and out in its webhooks.</summary>
[Collection(EmbeddedHostCollection.Name)]
public class CareCarryTests(EmbeddedHostFixture host)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_care_request_shows_in_the_history_of_its_site()
    {
        const string site = "440309001005-001";
        await PostBatchAsync(host.Http, "/api/care", Request("carry-h-1", site, 2, "water", DateTimeOffset.UtcNow.AddMinutes(-1)));

        // The host records a point every second (History:Interval in the fixture).
        var history = await Eventually.UntilAsync(() => host.GetJsonAsync($"/api/units/{site}/history"),
            h => h.EnumerateArray().Any(p => p.GetProperty("summary").GetProperty("careOpen").GetInt32() == 1), "a point with the request", Patience);

        var summary = history.EnumerateArray().Last().GetProperty("summary");
        Assert.Equal(1, summary.GetProperty("careOpen").GetInt32());
        Assert.True(summary.TryGetProperty("quarantinedHouseholds", out _));
        Assert.False(summary.TryGetProperty("careDeliveryTimes", out _));
    }

    [Fact]
    public async Task A_webhook_of_a_community_carries_its_care_figures()
    {
        const string community = "440309001006";
        var secret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await using var receiver = new WebhookReceiver(secret);
        await receiver.StartAsync();
        using (var registered = await host.Http.PostAsJsonAsync("/api/webhooks", new { partner = "care-bureau", url = receiver.Url, units = new[] { community }, children = false, secret }))
        {
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        var start = DateTimeOffset.UtcNow.AddHours(-2);
        await PostBatchAsync(host.Http, "/api/quarantines", Quarantine("carry-q-1", $"{community}-001", 3, start, TimeSpan.FromDays(14), "keyAreaObservation", 1));
        await PostBatchAsync(host.Http, "/api/care", Request("carry-w-1", $"{community}-001", 3, "groceries", start));

        await receiver.WaitForAsync(deliveries => deliveries.Any(d => d.Acknowledged && d.UnitId == community
            && d.Summary.GetProperty("careOpen").GetInt32() == 1
            && d.Summary.GetProperty("quarantinedHouseholds").GetProperty("keyAreaObservation").GetInt64() == 1), Patience, "a delivery with the care figures");
        var last = receiver.Deliveries.Last(d => d.UnitId == community);
        Assert.True(last.SignatureValid);
        foreach (var member in new[] { "checksDueToday", "checksDone", "checksMissed", "careOverdue", "careDeliveredToday", "quarantinesEndingToday", "quarantinesOverdue" })
        {
            Assert.Equal(JsonValueKind.Number, last.Summary.GetProperty(member).ValueKind);
        }
    }
}
