using System.Security.Claims;
using System.Text.Json;
using Canvass.Abstractions.Gaps;
using Canvass.Gateway.Auth;
using Canvass.Gateway.Docs;
using Canvass.Gateway.Hosting;
using Canvass.Gateway.Limits;
using Canvass.Registry;

namespace Canvass.Gateway.Apis;

/// <summary>Gap alerts: the ranked list below a unit, and acknowledgement by a supervisor.</summary>
public static class AlertsApi
{
    private const int MaxLimit = 1000;
    private const int MaxNoteLength = 500;

    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/units/{id}/alerts", GetAlertsAsync).WithName("GetAlerts").WithTags("Alerts")
            .RequirePermission(Permissions.Read).RequireReadLimit()
            .ProducesExample<IReadOnlyList<GapAlert>>(ApiExamples.Alerts)
            .ProducesProblemExample(BadLimit("0"))
            .ProducesProblemExample(BadEscalated("yes"))
            .ProducesProblemExample(Problems.UnknownUnit(ApiExamples.UnknownUnitId))
            .ProducesProblemExample(Problems.Loading("440304005"));
        app.MapPost("/api/alerts/{id}/ack", AcknowledgeAsync).WithName("AcknowledgeAlert").WithTags("Alerts")
            .RequirePermission(Permissions.Acknowledge).RequireWriteLimit()
            .AcceptsExample(ApiExamples.Ack)
            .ProducesExample(ApiExamples.Acknowledged)
            .ProducesProblemExample(Problems.BadBody("note is required: say what was done about the alert."))
            .ProducesProblemExample(Problems.UnknownAlert("440304005021-005:stale:0:1580695200000"))
            .ProducesProblemExample(Problems.AlreadyAcknowledged(ApiExamples.Acknowledged));
        return app;
    }

    /// <summary>Open gap alerts of the sites below a unit, worst first.</summary>
    /// <remarks>
    /// The open alerts of every site below the unit (or of the site itself), ranked: unacknowledged first, then the
    /// most escalated, then by kind (`finding`, `careOverdue`, `checkMissed`, `teamSilent`, `checkpointOpen`,
    /// `checkpointUnstaffed`, `stale`, `lowCoverage`), then the oldest. An alert is first its community's; every
    /// `Gaps:EscalateAfter` that nobody acknowledges it, it escalates one level. Lists are not pushed: a pushed summary
    /// whose alert counts changed says the list did. A `finding`, `checkMissed` or `careOverdue` names one household,
    /// a `teamSilent` one screening team (its token's subject, silent since its last upload during `Uploads:Shift`):
    /// display and partner tokens, which see aggregates only, get the list without them (the summaries still count them).
    /// </remarks>
    /// <param name="id" example="440304005">The unit's id.</param>
    /// <param name="limit" example="100">How many alerts, a whole number from 1 to 1000; 100 when absent.</param>
    /// <param name="escalated" example="true">`true` keeps only the alerts escalated to this unit or above (the unit's own desk); `false` or absent lists them all.</param>
    /// <response code="200">The open alerts, worst first.</response>
    /// <response code="400">`limit` or `escalated` is not valid.</response>
    /// <response code="404">The id is not in the registry, or not in the token's unit.</response>
    /// <response code="503">The unit is still being rebuilt after a restart (the list could miss alerts): read it again after `Retry-After` seconds.</response>
    internal static async Task<IResult> GetAlertsAsync(string id, string? limit, string? escalated, ClaimsPrincipal user, UnitRegistry registry, UnitGrains grains, HttpContext http)
    {
        var count = 100;
        if (limit is not null && (!int.TryParse(limit, out count) || count < 1 || count > MaxLimit))
        {
            return BadLimit(limit);
        }

        if (escalated is not (null or "true" or "false"))
        {
            return BadEscalated(escalated);
        }

        if (!registry.TryGetVisible(id, user, out var unit))
        {
            return Problems.UnknownUnit(id);
        }

        var households = Permissions.Has(user, Permissions.ReadHouseholds);
        if (unit.IsSite)
        {
            var own = (await grains.Site(unit.Id).GetAlertsAsync(0)).Where(a => households || !NamesSomeone(a)).ToList();
            own.Sort(AlertOrder.Instance);
            return Results.Ok(own.Take(count));
        }

        // A unit lists the alerts of the children its summaries say have any: a loading unit could miss some.
        var grain = grains.Unit(unit.Id);
        if ((await grain.GetSummaryAsync()).Loading)
        {
            return Problems.Loading(http, id);
        }

        // Without findings the list is shorter: ask for the most, so that up to `limit` others still come back.
        var alerts = await grain.GetAlertsAsync(households ? count : MaxLimit, escalated == "true" ? unit.Id : null);
        return Results.Ok(households ? alerts : alerts.Where(a => !NamesSomeone(a)).Take(count));
    }

    /// <summary>Whether an alert names a household or a screening team, which only the roles that read households see.</summary>
    private static bool NamesSomeone(GapAlert alert) => alert.Household is not null || alert.Kind == GapKind.TeamSilent;

    /// <summary>Acknowledge an open alert: who takes it on and what was done.</summary>
    /// <remarks>
    /// Records who acknowledged the alert, their note and when, in the site's journal like a report; the alert stops
    /// escalating and stays open until its fact clears (a follow-up report, a report after a stale period…). The
    /// change is pushed to everyone watching: summaries above count one unacknowledged alert less. Alert ids contain
    /// `:`; escape them in the path (`encodeURIComponent`).
    /// </remarks>
    /// <param name="id" example="440304005021-005:finding:12:1580695200000">The alert's id, as listed by `/api/units/{id}/alerts`.</param>
    /// <response code="200">The alert with its acknowledgement.</response>
    /// <response code="400">The body is not a JSON object with `by` and `note` (note at most 500 characters).</response>
    /// <response code="404">No such open alert: never raised, cleared since, or of a site outside the token's unit.</response>
    /// <response code="409">Already acknowledged; the problem's `alert` member carries the acknowledgement.</response>
    internal static async Task<IResult> AcknowledgeAsync(string id, HttpRequest request, UnitRegistry registry, UnitGrains grains)
    {
        AckRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<AckRequest>(request.HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: not JSON at all (no or another content type).
            return Problems.BadBody("The body must be a JSON object {\"by\": \"who acknowledges\", \"note\": \"what was done\"} sent as application/json.");
        }

        if (CheckAck(body) is { } invalid)
        {
            return Problems.BadBody(invalid);
        }

        var siteId = AlertIds.SiteOf(id);
        if (!registry.TryGetVisible(siteId, request.HttpContext.User, out var site) || !site.IsSite)
        {
            return Problems.UnknownAlert(id);
        }

        var outcome = await grains.Site(site.Id).AcknowledgeAsync(id, body!.By!.Trim(), body.Note!.Trim(), request.HttpContext.User.FindFirstValue(CanvassClaims.Subject));
        return outcome.Status switch
        {
            AcknowledgeStatus.Acknowledged => Results.Ok(outcome.Alert),
            AcknowledgeStatus.AlreadyAcknowledged => Problems.AlreadyAcknowledged(outcome.Alert!),
            _ => Problems.UnknownAlert(id),
        };
    }

    private static string? CheckAck(AckRequest? body)
    {
        if (body is null)
        {
            return "The body is 'null'; send {\"by\": \"who acknowledges\", \"note\": \"what was done\"}.";
        }

        if (Ingest.FieldRules.CheckId("by", body.By) is { } badBy)
        {
            return badBy;
        }

        if (string.IsNullOrWhiteSpace(body.Note))
        {
            return "note is required: say what was done about the alert.";
        }

        return body.Note.Length > MaxNoteLength ? $"note is longer than {MaxNoteLength} characters." : null;
    }

    private static IResult BadLimit(string limit) => Problems.BadQuery($"limit '{limit}' must be a whole number from 1 to {MaxLimit}.");

    private static IResult BadEscalated(string escalated) => Problems.BadQuery($"escalated '{escalated}' must be true or false.");
}
