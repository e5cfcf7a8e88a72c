using System.Net;
using System.Text.Json;
using static Canvass.Gateway.Tests.Care.CareBodies;

namespace Canvass.Gateway.Tests.Care;

/// <summary>The single steps on care requests and quarantines through the real host: 200 with the record, 404, 409, 400.</summary>
[Collection(EmbeddedHostCollection.Name)]
public class CareApiTests(EmbeddedHostFixture host)
{
    private const string Site = "440309001002-003";
    private const string Quarantined = "440309001002-004";

    [Fact]
    public async Task A_request_is_accepted_delivered_and_then_cannot_be_cancelled_and_its_history_says_who_and_when()
    {
        var requested = DateTimeOffset.UtcNow.AddMinutes(-30);
        Assert.Equal(["accepted"], Statuses(await PostBatchAsync(host.Http, "/api/care", Request("api-c-1", Site, 7, "medicine", requested, "insulin"))));

        var (acceptStatus, accepted) = await StepAsync(host.Http, "care", Site, "api-c-1", "accept", $$"""{"at":"{{Reports.At(requested.AddMinutes(10))}}"}""");
        var (againStatus, again) = await StepAsync(host.Http, "care", Site, "api-c-1", "accept");
        var (deliverStatus, delivered) = await StepAsync(host.Http, "care", Site, "api-c-1", "deliver", $$"""{"at":"{{Reports.At(requested.AddMinutes(25))}}"}""");
        var (cancelStatus, cancelled) = await StepAsync(host.Http, "care", Site, "api-c-1", "cancel", """{"reason":"too late"}""");

        Assert.Equal(HttpStatusCode.OK, acceptStatus);
        Assert.Equal("accepted", accepted.GetProperty("state").GetString());
        Assert.Equal(CareIds.Format(Site, "api-c-1"), accepted.GetProperty("id").GetString());
        Assert.Equal("insulin", accepted.GetProperty("note").GetString());
        // The same step again is done, the request unchanged.
        Assert.Equal(HttpStatusCode.OK, againStatus);
        Assert.Equal(accepted.GetRawText(), again.GetRawText());
        Assert.Equal(HttpStatusCode.OK, deliverStatus);
        Assert.Equal("delivered", delivered.GetProperty("state").GetString());
        Assert.False(delivered.GetProperty("overdue").GetBoolean());
        Assert.Equal(["request", "accept", "deliver"], delivered.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("step").GetString()));
        Assert.All(delivered.GetProperty("history").EnumerateArray(), h => Assert.Equal("test-admin", h.GetProperty("subject").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, cancelStatus);
        Assert.Equal("Out of order", cancelled.GetProperty("title").GetString());
        Assert.Equal("delivered", cancelled.GetProperty("request").GetProperty("state").GetString());

        var site = await host.GetJsonAsync($"/api/units/{Site}");
        Assert.Equal((0, 1), (site.GetProperty("careOpen").GetInt32(), site.GetProperty("careDeliveredToday").GetInt32()));
        // 25 minutes from request to delivery: the bucket of 25 to 30 minutes.
        Assert.Equal(27.5, site.GetProperty("careDeliveryMedianMinutes").GetDouble());
        var listed = await host.GetJsonAsync($"/api/units/{Site}/care?state=delivered");
        Assert.Equal(CareIds.Format(Site, "api-c-1"), Assert.Single(listed.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_cancel_without_a_reason_or_with_a_time_ahead_is_refused_and_changes_nothing()
    {
        await PostBatchAsync(host.Http, "/api/care", Request("api-c-2", Site, 8, "water", DateTimeOffset.UtcNow.AddMinutes(-5)));

        var (noReason, noReasonBody) = await StepAsync(host.Http, "care", Site, "api-c-2", "cancel", "{}");
        var (ahead, aheadBody) = await StepAsync(host.Http, "care", Site, "api-c-2", "cancel", $$"""{"reason":"x","at":"{{Reports.At(DateTimeOffset.UtcNow.AddHours(1))}}"}""");
        var (notJson, _) = await StepAsync(host.Http, "care", Site, "api-c-2", "accept", "accept it");
        var (unknown, unknownBody) = await StepAsync(host.Http, "care", Site, "api-c-none", "accept");

        Assert.Equal(HttpStatusCode.BadRequest, noReason);
        Assert.Equal("reason is required: say why the request is cancelled.", noReasonBody.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, ahead);
        Assert.Contains("more than 5 minutes in the future", aheadBody.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, notJson);
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Equal("Unknown care request", unknownBody.GetProperty("title").GetString());
        var open = await host.GetJsonAsync($"/api/units/{Site}/care?state=open");
        var request = open.EnumerateArray().Single(r => r.GetProperty("careId").GetString() == "api-c-2");
        Assert.Equal("requested", request.GetProperty("state").GetString());
        Assert.Single(request.GetProperty("history").EnumerateArray());
    }

    [Fact]
    public async Task A_quarantine_is_extended_then_ended_and_then_cannot_be_extended()
    {
        var start = DateTimeOffset.UtcNow.AddHours(-3);
        Assert.Equal(["accepted"], Statuses(await PostBatchAsync(host.Http, "/api/quarantines", Quarantine("api-q-1", Quarantined, 5, start, TimeSpan.FromDays(14), "keyAreaObservation", 3))));
        // Another open quarantine of the same household is refused with a named error.
        var twice = await PostBatchAsync(host.Http, "/api/quarantines", Quarantine("api-q-2", Quarantined, 5, start, TimeSpan.FromDays(7)));
        Assert.Equal(["rejected"], Statuses(twice));
        Assert.False(string.IsNullOrEmpty(Errors(twice)[0]));

        var (extendStatus, extended) = await StepAsync(host.Http, "quarantines", Quarantined, "api-q-1", "extend", $$"""{"plannedEnd":"{{Reports.At(start.AddDays(21))}}"}""");
        var (endStatus, ended) = await StepAsync(host.Http, "quarantines", Quarantined, "api-q-1", "end", $$"""{"at":"{{Reports.At(DateTimeOffset.UtcNow.AddMinutes(-1))}}"}""");
        var (lateStatus, late) = await StepAsync(host.Http, "quarantines", Quarantined, "api-q-1", "extend", $$"""{"plannedEnd":"{{Reports.At(start.AddDays(28))}}"}""");

        Assert.Equal(HttpStatusCode.OK, extendStatus);
        Assert.Equal(start.AddDays(21).ToUnixTimeSeconds(), extended.GetProperty("plannedEnd").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal(HttpStatusCode.OK, endStatus);
        Assert.True(ended.TryGetProperty("endedAt", out _));
        Assert.Equal(HttpStatusCode.Conflict, lateStatus);
        Assert.True(late.GetProperty("quarantine").TryGetProperty("endedAt", out _));
        var site = await host.GetJsonAsync($"/api/units/{Quarantined}");
        Assert.Equal(0, site.GetProperty("quarantinedHouseholds").GetProperty("keyAreaObservation").GetInt64());
        // Ended today, it is still listed.
        var listed = await host.GetJsonAsync($"/api/units/{Quarantined}/quarantines");
        Assert.Contains(listed.EnumerateArray(), q => q.GetProperty("quarantineId").GetString() == "api-q-1");
    }
}
