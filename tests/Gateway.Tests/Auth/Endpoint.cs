using System.Net.Http.Headers;
using System.Text;
using Canvass.Gateway.Auth;

namespace Canvass.Gateway.Tests.Auth;

/// <summary>
/// One REST operation of the matrix: how to call it about a unit (a district, or a site of it), and the permission it
/// needs.
/// </summary>
public sealed record Endpoint(string Name, string Permission, HttpMethod Method, Func<Ids, string> Path, Func<Ids, string?>? Body = null)
{
    public HttpRequestMessage Request(Ids ids, string? token)
    {
        var request = new HttpRequestMessage(Method, Path(ids));
        if (Body?.Invoke(ids) is { } body)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    public override string ToString() => Name;

    private static string Today => DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly string Secret = new('s', 40);

    /// <summary>Every REST operation that takes a unit or a site, with the ids it is called about.</summary>
    public static readonly IReadOnlyList<Endpoint> All =
    [
        new("GetUnit", Permissions.Read, HttpMethod.Get, ids => $"/api/units/{ids.Unit}"),
        new("GetChildren", Permissions.Read, HttpMethod.Get, ids => $"/api/units/{ids.Unit}/children"),
        new("GetHouseholds", Permissions.ReadHouseholds, HttpMethod.Get, ids => $"/api/units/{ids.Site}/households"),
        new("GetGaps", Permissions.Read, HttpMethod.Get, ids => $"/api/units/{ids.Unit}/gaps"),
        new("GetAlerts", Permissions.Read, HttpMethod.Get, ids => $"/api/units/{ids.Unit}/alerts"),
        new("GetHistory", Permissions.Read, HttpMethod.Get, ids => $"/api/units/{ids.Unit}/history"),
        new("GetStream", Permissions.Subscribe, HttpMethod.Get, ids => $"/api/stream?units={ids.Unit}"),
        new("PostReports", Permissions.Submit, HttpMethod.Post, _ => "/api/reports",
            ids => $$"""[{"reportId":"m-{{ids.Site}}","siteId":"{{ids.Site}}","household":1,"screenedAt":"{{DateTimeOffset.UtcNow.AddMinutes(-1):O}}","screenerId":"s1","outcome":"screened","residents":[{"status":"normal"}]}]"""),
        new("PostCheckpoints", Permissions.Submit, HttpMethod.Post, _ => "/api/checkpoints",
            ids => $$"""[{"reportId":"c-{{ids.Site}}","siteId":"{{ids.Site}}","at":"{{DateTimeOffset.UtcNow.AddMinutes(-1):O}}","closed":true,"staffed":true,"temperatureChecks":3}]"""),
        new("PostQuarantines", Permissions.Quarantine, HttpMethod.Post, _ => "/api/quarantines",
            ids => $$"""[{"quarantineId":"m-q-{{ids.Site}}","siteId":"{{ids.Site}}","household":3,"kind":"homeQuarantine","start":"{{DateTimeOffset.UtcNow.AddMinutes(-1):O}}","plannedEnd":"{{DateTimeOffset.UtcNow.AddDays(14):O}}","residents":2}]"""),
        new("PostHealthChecks", Permissions.RecordChecks, HttpMethod.Post, _ => "/api/health-checks",
            ids => $$"""[{"checkId":"m-k-{{ids.Site}}","siteId":"{{ids.Site}}","household":2,"at":"{{DateTimeOffset.UtcNow.AddMinutes(-1):O}}","readings":[{"status":"normal"}]}]"""),
        new("PostCare", Permissions.Care, HttpMethod.Post, _ => "/api/care",
            ids => $$"""[{"careId":"m-c-{{ids.Site}}","siteId":"{{ids.Site}}","household":1,"category":"water"}]"""),
        // The steps name a quarantine and a request the fixture placed in its inside site (AuthHostFixture.Seed).
        new("ExtendQuarantine", Permissions.Quarantine, HttpMethod.Post, ids => $"/api/quarantines/{Uri.EscapeDataString(CareIds.Format(ids.Site, AuthHostFixture.QuarantineId))}/extend",
            _ => $$"""{"plannedEnd":"{{DateTimeOffset.UtcNow.AddDays(20):O}}"}"""),
        new("EndQuarantine", Permissions.Quarantine, HttpMethod.Post, ids => $"/api/quarantines/{Uri.EscapeDataString(CareIds.Format(ids.Site, AuthHostFixture.QuarantineId))}/end"),
        new("AcceptCare", Permissions.Care, HttpMethod.Post, ids => $"/api/care/{Uri.EscapeDataString(CareIds.Format(ids.Site, AuthHostFixture.CareId))}/accept"),
        new("DeliverCare", Permissions.Care, HttpMethod.Post, ids => $"/api/care/{Uri.EscapeDataString(CareIds.Format(ids.Site, AuthHostFixture.CareId))}/deliver", _ => "{}"),
        new("CancelCare", Permissions.Care, HttpMethod.Post, ids => $"/api/care/{Uri.EscapeDataString(CareIds.Format(ids.Site, AuthHostFixture.CareId))}/cancel",
            _ => """{"reason":"no longer needed"}"""),
        new("GetCare", Permissions.Care, HttpMethod.Get, ids => $"/api/units/{ids.Unit}/care?state=open"),
        new("GetQuarantines", Permissions.Care, HttpMethod.Get, ids => $"/api/units/{ids.Unit}/quarantines"),
        new("AcknowledgeAlert", Permissions.Acknowledge, HttpMethod.Post, ids => $"/api/alerts/{Uri.EscapeDataString(ids.Site + ":stale:0:1580695200000")}/ack",
            _ => """{"by":"li","note":"sent a team"}"""),
        new("MarkCasePlace", Permissions.MarkCasePlaces, HttpMethod.Post, _ => "/api/case-places", ids => $$"""{"siteId":"{{ids.Site}}","date":"{{Today}}"}"""),
        new("UnmarkCasePlace", Permissions.MarkCasePlaces, HttpMethod.Delete, ids => $"/api/case-places/{Today}/{ids.Site}"),
        new("GetCasePlaceMarks", Permissions.MarkCasePlaces, HttpMethod.Get, _ => $"/api/case-places?date={Today}"),
        new("CreateWebhook", Permissions.Webhooks, HttpMethod.Post, _ => "/api/webhooks",
            ids => $$"""{"url":"http://127.0.0.1:9/hook","units":["{{ids.Unit}}"],"secret":"{{Secret}}"}"""),
        new("ListWebhooks", Permissions.Webhooks, HttpMethod.Get, _ => "/api/webhooks"),
        new("GetRegistryRoot", Permissions.Read, HttpMethod.Get, _ => "/api/registry/root"),
        new("MintToken", Permissions.Tokens, HttpMethod.Post, _ => "/api/tokens", ids => $$"""{"role":"display","unit":"{{ids.Unit}}","subject":"wall-1"}"""),
        new("RevokeTokens", Permissions.Tokens, HttpMethod.Post, _ => "/api/tokens/revocations", _ => """{"subject":"matrix-nobody"}"""),
    ];
}

/// <summary>The ids an endpoint is called about: a unit, and a site below it.</summary>
public sealed record Ids(string Unit, string Site);
