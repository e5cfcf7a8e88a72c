using Canvass.Abstractions.Gaps;
using Canvass.Gateway.Ingest;

namespace Canvass.Gateway.Apis;

/// <summary>The problem+json answers of the API, each saying what is wrong and what to do.</summary>
internal static class Problems
{
    public static IResult UnknownUnit(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown unit",
            detail: $"Unit '{id}' is not in the registry. Ids are division codes (4403, 440304, 440304005, 440304005021) or site ids such as 440304005021-001.");

    public static IResult UnknownUnits(IReadOnlyList<string> ids) => ids.Count == 1
        ? UnknownUnit(ids[0])
        : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown unit",
            detail: $"Units {string.Join(", ", ids.Select(id => $"'{id}'"))} are not in the registry. Ids are division codes (4403, 440304, 440304005, 440304005021) or site ids such as 440304005021-001.");

    public static IResult NoHistory(string id, string at) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No figures recorded",
            detail: $"Unit '{id}' has no figures recorded at or before {at}. A unit is recorded from the first minute it changes.");

    /// <summary>Seconds a client is asked to wait before reading a loading unit again (<c>Retry-After</c>).</summary>
    public const string LoadingRetryAfter = "2";

    /// <summary>
    /// A unit whose subtree is still being rebuilt after a restart: its figures would be below those it showed
    /// before, so it shows none. The handler sets <c>Retry-After</c> (<see cref="LoadingRetryAfter"/>).
    /// </summary>
    public static IResult Loading(string id) =>
        Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Still loading",
            detail: $"Unit '{id}' is being rebuilt from the journal after a restart and would show less than it did before; read it again after Retry-After seconds.");

    /// <summary>Answers <see cref="Loading(string)"/> with its <c>Retry-After</c>.</summary>
    public static IResult Loading(HttpContext http, string id)
    {
        http.Response.Headers.RetryAfter = LoadingRetryAfter;
        return Loading(id);
    }

    public static IResult UnknownWebhook(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown webhook",
            detail: $"Webhook '{id}' is not registered (or was deleted). List a partner's webhooks at /api/webhooks?partner=….");

    public static IResult TargetRefused(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Webhook target refused", detail: detail);

    public static IResult TooManyWebhooks(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too many webhooks", detail: detail);

    public static IResult BadQuery(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid query", detail: detail);

    public static IResult BadBody(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid body", detail: detail);

    public static IResult UnknownAlert(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown alert",
            detail: $"Alert '{id}' is not open: it never was, or it was cleared since. List a unit's open alerts at /api/units/{{id}}/alerts.");

    public static IResult AlreadyAcknowledged(GapAlert alert) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already acknowledged",
            detail: $"Alert '{alert.Id}' was acknowledged by {alert.Acknowledgement!.By} at {alert.Acknowledgement.At:O}.",
            extensions: new Dictionary<string, object?> { ["alert"] = alert });

    public static IResult UnknownCare(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown care request",
            detail: $"Care request '{id}' is not held: it was never requested, it was closed before today, or its site is not in the token's unit. Ids are '<siteId>~<careId>', as /api/units/{{id}}/care lists them.");

    public static IResult UnknownQuarantine(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown quarantine",
            detail: $"Quarantine '{id}' is not held: it was never placed, it ended before today, or its site is not in the token's unit. Ids are '<siteId>~<quarantineId>', as /api/units/{{id}}/quarantines lists them.");

    /// <summary>A step that does not follow from where the record stands; <paramref name="member"/> carries the record as it is.</summary>
    public static IResult OutOfOrder(string detail, string member, object? record) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Out of order", detail: detail,
            extensions: new Dictionary<string, object?> { [member] = record });

    public static IResult NotPublished(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not published", detail: detail);

    public static IResult Unavailable() =>
        Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not acknowledged",
            detail: "Some reports of this batch, or its receipt, could not be stored just now. Resend the same batch: reports already applied come back as duplicates, and the resend gets a receipt of its own.");

    /// <summary>The answer to a body that cannot be read as a batch; a busy gateway also says when to retry.</summary>
    public static IResult FromBody(HttpResponse response, BodyProblem problem)
    {
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            response.Headers.RetryAfter = "1";
        }

        return FromBody(problem);
    }

    /// <summary>The same without a response to set headers on, for the OpenAPI examples.</summary>
    public static IResult FromBody(BodyProblem problem) =>
        Results.Problem(statusCode: problem.Status, detail: problem.Detail, title: problem.Status switch
        {
            StatusCodes.Status413PayloadTooLarge => "Batch too large",
            StatusCodes.Status415UnsupportedMediaType => "Unsupported content type",
            StatusCodes.Status503ServiceUnavailable => "Gateway busy",
            _ => "Malformed body",
        });
}
