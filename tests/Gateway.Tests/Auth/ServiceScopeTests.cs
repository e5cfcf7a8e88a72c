using System.Net;
using System.Text.Json;
using Canvass.Gateway.Auth;
using Canvass.Gateway.Tests.Care;
using static Canvass.Gateway.Tests.Care.CareBodies;

namespace Canvass.Gateway.Tests.Auth;

/// <summary>
/// The <c>service</c> role (property staff, volunteers) with a token of one site or of one community: care and checks
/// within it, the unknown-id answer outside it, and 403 for screening reports, summaries, households and the hub.
/// </summary>
[Collection(AuthHostCollection.Name)]
public class ServiceScopeTests(AuthHostFixture host)
{
    private const string Site = "440309001004-001";
    private const string Sibling = "440309001004-002";
    private const string Community = "440309001004";
    private const string OtherCommunitySite = "440309001002-001";

    public static TheoryData<string, string> Scopes() => new() { { Site, Sibling }, { Community, OtherCommunitySite } };

    [Theory]
    [MemberData(nameof(Scopes))]
    public async Task A_service_token_requests_and_steps_care_within_its_scope_and_outside_gets_the_unknown_answer(string scope, string outside)
    {
        using var service = host.Client(host.Token(Roles.Service, scope, subject: $"volunteer-{scope}"));
        var id = $"svc-{scope}";
        var now = DateTimeOffset.UtcNow.AddMinutes(-2);

        var posted = await PostBatchAsync(service, "/api/care", Request(id, Site, 9, "groceries", now), Request(id, outside, 9, "groceries", now), Request(id, "440309001004-999", 9, "groceries", now));
        Assert.Equal(["accepted", "rejected", "rejected"], Statuses(posted));
        Assert.Equal(Errors(posted)[2]!.Replace("440309001004-999", "{site}"), Errors(posted)[1]!.Replace(outside, "{site}"));

        var (accepted, request) = await StepAsync(service, "care", Site, id, "accept");
        Assert.Equal(HttpStatusCode.OK, accepted);
        Assert.Equal($"volunteer-{scope}", request.GetProperty("history")[1].GetProperty("subject").GetString());
        var list = await GetAsync(service, $"/api/units/{scope}/care?state=open");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Contains(list.Body.EnumerateArray(), r => r.GetProperty("id").GetString() == CareIds.Format(Site, id));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(service, $"/api/units/{scope}/quarantines")).Status);

        // Outside: a request that exists there (posted by an admin) is answered as one that does not exist anywhere.
        await PostBatchAsync(host.Http, "/api/care", Request(id, outside, 9, "water", now));
        var (outsideStatus, outsideBody) = await StepAsync(service, "care", outside, id, "deliver");
        var (unknownStatus, unknownBody) = await StepAsync(service, "care", "440309001004-999", id, "deliver");
        Assert.Equal(HttpStatusCode.NotFound, outsideStatus);
        Assert.Equal(unknownStatus, outsideStatus);
        Assert.Equal(unknownBody.GetProperty("detail").GetString()!.Replace("440309001004-999", "{site}"), outsideBody.GetProperty("detail").GetString()!.Replace(outside, "{site}"));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(service, $"/api/units/{outside}/care")).Status);
        var admin = await GetAsync(host.Http, $"/api/units/{outside}/care?state=open");
        Assert.Contains(admin.Body.EnumerateArray(), r => r.GetProperty("id").GetString() == CareIds.Format(outside, id));
    }

    [Theory]
    [MemberData(nameof(Scopes))]
    public async Task A_service_token_is_refused_screening_reports_summaries_households_alerts_quarantines_and_the_hub(string scope, string _)
    {
        var token = host.Token(Roles.Service, scope, subject: $"volunteer-{scope}");
        using var service = host.Client(token);
        var now = DateTimeOffset.UtcNow.AddMinutes(-1);

        var refused = new List<(string What, HttpStatusCode Status)>
        {
            ("reports", (await PostAsync(service, "/api/reports", Reports.Json(Reports.Screened("svc-r", Site, 1, "normal")))).Status),
            ("checkpoints", (await PostAsync(service, "/api/checkpoints", "[]")).Status),
            ("quarantines", (await PostAsync(service, "/api/quarantines", JsonSerializer.Serialize(new[] { Quarantine("svc-q", Site, 1, now, TimeSpan.FromDays(14)) }))).Status),
            ("end a quarantine", (await StepAsync(service, "quarantines", Site, AuthHostFixture.QuarantineId, "end")).Status),
            ("unit", (await GetAsync(service, $"/api/units/{scope}")).Status),
            ("children", (await GetAsync(service, $"/api/units/{scope}/children")).Status),
            ("households", (await GetAsync(service, $"/api/units/{Site}/households")).Status),
            ("alerts", (await GetAsync(service, $"/api/units/{scope}/alerts")).Status),
            ("history", (await GetAsync(service, $"/api/units/{scope}/history")).Status),
        };
        using (var stream = await service.GetAsync($"/api/stream?units={scope}", HttpCompletionOption.ResponseHeadersRead))
        {
            refused.Add(("stream", stream.StatusCode));
        }

        var hub = await Assert.ThrowsAsync<HttpRequestException>(() => host.ConnectAsync(token));
        refused.Add(("hub", hub.StatusCode ?? 0));

        Assert.All(refused, r => Assert.True(r.Status == HttpStatusCode.Forbidden, $"{r.What}: {(int)r.Status}"));
        // What the role is for still works: a health check is recorded (or refused by the site), not forbidden.
        var check = await PostAsync(service, "/api/health-checks", JsonSerializer.Serialize(new[] { Check($"svc-k-{scope}", Site, 1, now, "normal") }));
        Assert.Equal(HttpStatusCode.OK, check.Status);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
