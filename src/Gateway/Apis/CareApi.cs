using System.Security.Claims;
using System.Text.Json;
using Canvass.Abstractions.Care;
using Canvass.Gateway.Auth;
using Canvass.Gateway.Care;
using Canvass.Gateway.Docs;
using Canvass.Gateway.Hosting;
using Canvass.Gateway.Ingest;
using Canvass.Gateway.Limits;
using Canvass.Registry;

namespace Canvass.Gateway.Apis;

/// <summary>
/// Home quarantine and care, beside their batches in <see cref="ReportsApi"/>: single steps on a quarantine (extend,
/// end) or a care request (accept, deliver, cancel); the lists are <see cref="CareListsApi"/>.
/// </summary>
public static class CareApi
{
    public static IEndpointRouteBuilder MapCareApi(this IEndpointRouteBuilder app)
    {
        var quarantines = app.MapGroup("/api/quarantines").WithTags("Care").RequirePermission(Permissions.Quarantine).RequireWriteLimit();
        quarantines.MapPost("/{id}/extend", ExtendAsync).WithName("ExtendQuarantine")
            .AcceptsExample(CareExamples.Extend).ProducesExample(CareExamples.Extended)
            .ProducesProblemExample(Problems.BadBody("plannedEnd is required: the new planned end."))
            .ProducesProblemExample(Problems.UnknownQuarantine(CareExamples.QuarantineId))
            .ProducesProblemExample(Problems.OutOfOrder("Quarantine '440304005021-001~q-17' ended at 2020-02-05T09:00:00.0000000+08:00.", "quarantine", CareExamples.Ended));
        quarantines.MapPost("/{id}/end", EndAsync).WithName("EndQuarantine")
            .AcceptsExample(CareExamples.EndBody).ProducesExample(CareExamples.Ended)
            .ProducesProblemExample(Problems.BadBody("The body must be a JSON object {\"at\": \"2020-02-05T09:00:00+08:00\"} (or empty, for now) sent as application/json."))
            .ProducesProblemExample(Problems.UnknownQuarantine(CareExamples.QuarantineId))
            .ProducesProblemExample(Problems.OutOfOrder("Quarantine '440304005021-001~q-17' ended at 2020-02-05T09:00:00.0000000+08:00.", "quarantine", CareExamples.Ended));

        var care = app.MapGroup("/api/care").WithTags("Care").RequirePermission(Permissions.Care).RequireWriteLimit();
        Step(care.MapPost("/{id}/accept", AcceptAsync).WithName("AcceptCare"), CareExamples.Accept, CareExamples.Accepted);
        Step(care.MapPost("/{id}/deliver", DeliverAsync).WithName("DeliverCare"), CareExamples.Deliver, CareExamples.Delivered)
            .ProducesProblemExample(Problems.BadBody("at 2020-02-03T13:05:00.0000000+08:00 is more than 5 minutes in the future (Ingest:FutureTolerance); check the device's clock."));
        Step(care.MapPost("/{id}/cancel", CancelAsync).WithName("CancelCare"), CareExamples.Cancel, CareExamples.Cancelled)
            .ProducesProblemExample(Problems.BadBody("reason is required: say why the request is cancelled."));
        app.MapCareListsApi();
        return app;
    }

    private static RouteHandlerBuilder Step(RouteHandlerBuilder endpoint, CareStepRequest body, CareRequest done) =>
        endpoint.AcceptsExample(body).ProducesExample(done)
            .ProducesProblemExample(Problems.BadBody("The body must be a JSON object {\"at\": \"2020-02-03T12:40:00+08:00\"} (or empty, for now) sent as application/json."))
            .ProducesProblemExample(Problems.UnknownCare(CareExamples.CareId))
            .ProducesProblemExample(Problems.OutOfOrder("Care request '440304005021-001~c-5' is delivered: nothing follows.", "request", CareExamples.Delivered));

    /// <summary>Move a quarantine's planned end.</summary>
    /// <remarks>
    /// An open quarantine gets a new planned end (later or earlier, but after its start), recorded in its site's
    /// journal with the token's subject. The summaries above change their `quarantinesEndingToday` and
    /// `quarantinesOverdue` when it moves across today or now.
    /// </remarks>
    /// <param name="id" example="440304005021-001~q-17">The quarantine's path id: its site, a tilde and its `quarantineId`.</param>
    /// <response code="200">The quarantine as it now stands.</response>
    /// <response code="400">The body is not a JSON object with a `plannedEnd`.</response>
    /// <response code="404">No such quarantine held, or its site is outside the token's unit.</response>
    /// <response code="409">The quarantine has ended, or the planned end is not after its start; the problem's `quarantine` member carries it.</response>
    internal static async Task<IResult> ExtendAsync(string id, HttpRequest request, CareSteps steps, UnitRegistry registry)
    {
        var (body, bad) = await ReadAsync<ExtendRequest>(request, "{\"plannedEnd\": \"2020-02-19T08:00:00+08:00\"}");
        if (bad is null && body?.PlannedEnd is null)
        {
            bad = "plannedEnd is required: the new planned end.";
        }

        if (bad is not null)
        {
            return Problems.BadBody(bad);
        }

        var user = request.HttpContext.User;
        return Answer(id, await steps.ExtendQuarantineAsync(id, body!.PlannedEnd!.Value, registry.ScopeOf(user), user.FindFirstValue(CanvassClaims.Subject)));
    }

    /// <summary>End a quarantine.</summary>
    /// <remarks>
    /// Ends an open quarantine at `at` (now when absent): no more checks are due from then, and it leaves
    /// `quarantinedHouseholds`; it is still listed until the day is over. Open care requests of the household stay
    /// open. Ending it again is done, unchanged.
    /// </remarks>
    /// <param name="id" example="440304005021-001~q-17">The quarantine's path id: its site, a tilde and its `quarantineId`.</param>
    /// <response code="200">The quarantine as it now stands, with its `endedAt`.</response>
    /// <response code="400">The body is neither empty nor a JSON object with an optional `at` a clock could give.</response>
    /// <response code="404">No such quarantine held, or its site is outside the token's unit.</response>
    /// <response code="409">The quarantine cannot end at that time (before its start, or it ended otherwise); the problem's `quarantine` member carries it.</response>
    internal static async Task<IResult> EndAsync(string id, HttpRequest request, CareSteps steps, UnitRegistry registry)
    {
        var (body, bad) = await ReadAsync<CareStepRequest>(request, "{\"at\": \"2020-02-05T09:00:00+08:00\"}");
        if (bad is not null)
        {
            return Problems.BadBody(bad);
        }

        var user = request.HttpContext.User;
        return Answer(id, await steps.EndQuarantineAsync(id, body?.At, registry.ScopeOf(user), user.FindFirstValue(CanvassClaims.Subject)));
    }

    /// <summary>Accept a care request: someone takes it on.</summary>
    /// <remarks>
    /// Records who (the token's subject) accepted the request and when (`at`, now when absent) in its history. It
    /// stays open, and overdue past its deadline, until delivered or cancelled. Accepting it again is done, unchanged.
    /// </remarks>
    /// <param name="id" example="440304005021-001~c-5">The request's path id: its site, a tilde and its `careId`.</param>
    /// <response code="200">The request as it now stands.</response>
    /// <response code="400">The body is neither empty nor a JSON object with an optional `at` a clock could give.</response>
    /// <response code="404">No such request held, or its site is outside the token's unit.</response>
    /// <response code="409">The request is delivered or cancelled; the problem's `request` member carries it.</response>
    internal static Task<IResult> AcceptAsync(string id, HttpRequest request, CareSteps steps, UnitRegistry registry) =>
        StepAsync(id, CareStep.Accept, request, steps, registry);

    /// <summary>Deliver a care request: it was brought to the door.</summary>
    /// <remarks>
    /// Closes the request as delivered at `at` (now when absent), accepted or not: `careOpen` falls, an overdue
    /// request's `careOverdue` alert clears, and the time from request to delivery counts in
    /// `careDeliveryMedianMinutes` of today. Delivering it again is done, unchanged.
    /// </remarks>
    /// <param name="id" example="440304005021-001~c-5">The request's path id: its site, a tilde and its `careId`.</param>
    /// <response code="200">The request as it now stands.</response>
    /// <response code="400">The body is neither empty nor a JSON object with an optional `at` a clock could give.</response>
    /// <response code="404">No such request held, or its site is outside the token's unit.</response>
    /// <response code="409">The request is cancelled; the problem's `request` member carries it.</response>
    internal static Task<IResult> DeliverAsync(string id, HttpRequest request, CareSteps steps, UnitRegistry registry) =>
        StepAsync(id, CareStep.Deliver, request, steps, registry);

    /// <summary>Cancel a care request, saying why.</summary>
    /// <remarks>
    /// Closes a requested or accepted request as cancelled with its `reason` (at most 200 characters, nothing
    /// personal) at `at` (now when absent). Cancelling it again is done, unchanged.
    /// </remarks>
    /// <param name="id" example="440304005021-001~c-5">The request's path id: its site, a tilde and its `careId`.</param>
    /// <response code="200">The request as it now stands.</response>
    /// <response code="400">The body is not a JSON object with a `reason`, or its `at` is not one a clock could give.</response>
    /// <response code="404">No such request held, or its site is outside the token's unit.</response>
    /// <response code="409">The request is delivered; the problem's `request` member carries it.</response>
    internal static Task<IResult> CancelAsync(string id, HttpRequest request, CareSteps steps, UnitRegistry registry) =>
        StepAsync(id, CareStep.Cancel, request, steps, registry);

    private static async Task<IResult> StepAsync(string id, CareStep step, HttpRequest request, CareSteps steps, UnitRegistry registry)
    {
        var (body, bad) = await ReadAsync<CareStepRequest>(request, step == CareStep.Cancel
            ? "{\"reason\": \"why it is cancelled\"}"
            : "{\"at\": \"2020-02-03T12:40:00+08:00\"}");
        if (bad is null && step == CareStep.Cancel)
        {
            bad = string.IsNullOrWhiteSpace(body?.Reason) ? "reason is required: say why the request is cancelled." : FieldRules.CheckNote("reason", body.Reason);
        }

        if (bad is not null)
        {
            return Problems.BadBody(bad);
        }

        var user = request.HttpContext.User;
        var reason = step == CareStep.Cancel ? body!.Reason!.Trim() : null;
        var stepped = await steps.StepCareAsync(id, step, reason, body?.At, registry.ScopeOf(user), user.FindFirstValue(CanvassClaims.Subject));
        if (stepped.BadInput is { } badInput)
        {
            return Problems.BadBody(badInput);
        }

        var outcome = stepped.Outcome!;
        return outcome.Status switch
        {
            CareOutcomeStatus.Done => Results.Ok(outcome.Request),
            CareOutcomeStatus.OutOfOrder => Problems.OutOfOrder(outcome.Error ?? $"Care request '{id}' is {outcome.Request?.State}: it cannot be {step}ed.", "request", outcome.Request),
            _ => Problems.UnknownCare(id),
        };
    }

    private static IResult Answer(string id, Stepped<QuarantineOutcome> stepped)
    {
        if (stepped.BadInput is { } badInput)
        {
            return Problems.BadBody(badInput);
        }

        var outcome = stepped.Outcome!;
        return outcome.Status switch
        {
            CareOutcomeStatus.Done => Results.Ok(outcome.Quarantine),
            CareOutcomeStatus.OutOfOrder => Problems.OutOfOrder(outcome.Error ?? $"Quarantine '{id}' cannot take this step.", "quarantine", outcome.Quarantine),
            _ => Problems.UnknownQuarantine(id),
        };
    }

    /// <summary>A JSON object body, or none at all (an empty body takes every default).</summary>
    private static async Task<(T? Body, string? Error)> ReadAsync<T>(HttpRequest request, string shape)
        where T : class
    {
        if (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.TransferEncoding.Any()))
        {
            return (null, null);
        }

        try
        {
            return (await request.ReadFromJsonAsync<T>(request.HttpContext.RequestAborted), null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: not JSON at all (no or another content type).
            return (null, $"The body must be a JSON object {shape} (or empty, for now) sent as application/json.");
        }
    }
}
