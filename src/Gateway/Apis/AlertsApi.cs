using System.Text.Json;
using Canvass.Abstractions.Gaps;
using Canvass.Gateway.Hosting;
using Canvass.Registry;

namespace Canvass.Gateway.Apis;

/// <summary>Gap alerts: the ranked list below a unit, and acknowledgement by a supervisor.</summary>
public static class AlertsApi
{
    private const int MaxLimit = 1000;
    private const int MaxNoteLength = 500;

    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/units/{id}/alerts", GetAlertsAsync).WithName("GetAlerts")
            .WithSummary("Open gap alerts of the sites below a unit, worst first; escalated=true keeps those escalated to this unit or above.");
        app.MapPost("/api/alerts/{id}/ack", AcknowledgeAsync).WithName("AcknowledgeAlert")
            .WithSummary("Acknowledge an open alert with who and a note; stops its escalation and is pushed to everyone watching.");
        return app;
    }

    private static async Task<IResult> GetAlertsAsync(string id, string? limit, string? escalated, UnitRegistry registry, UnitGrains grains)
    {
        var count = 100;
        if (limit is not null && (!int.TryParse(limit, out count) || count < 1 || count > MaxLimit))
        {
            return Problems.BadQuery($"limit '{limit}' must be a whole number from 1 to {MaxLimit}.");
        }

        if (escalated is not (null or "true" or "false"))
        {
            return Problems.BadQuery($"escalated '{escalated}' must be true or false.");
        }

        if (!registry.TryGet(id, out var unit))
        {
            return Problems.UnknownUnit(id);
        }

        if (unit.IsSite)
        {
            var own = (await grains.Site(unit.Id).GetAlertsAsync(0)).ToList();
            own.Sort(AlertOrder.Instance);
            return Results.Ok(own.Take(count));
        }

        return Results.Ok(await grains.Unit(unit.Id).GetAlertsAsync(count, escalated == "true" ? unit.Id : null));
    }

    private static async Task<IResult> AcknowledgeAsync(string id, HttpRequest request, UnitRegistry registry, UnitGrains grains)
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

        var siteId = id.Split(':')[0];
        if (!registry.TryGet(siteId, out var site) || !site.IsSite)
        {
            return Problems.UnknownAlert(id);
        }

        var outcome = await grains.Site(site.Id).AcknowledgeAsync(id, body!.By!.Trim(), body.Note!.Trim());
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

    private sealed record AckRequest(string? By, string? Note);
}
