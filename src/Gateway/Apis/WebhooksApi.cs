using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Canvass.Abstractions.Webhooks;
using Canvass.Registry;

namespace Canvass.Gateway.Apis;

/// <summary>
/// Partners' webhooks: register, read, list and delete. Deliveries are made by the silos (see <c>WebhookGrain</c>);
/// this only checks and forwards. Every endpoint is in one route group, where an authorization policy attaches.
/// </summary>
public static partial class WebhooksApi
{
    public static RouteGroupBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/webhooks").WithTags("Webhooks");
        group.MapPost("/", CreateAsync).WithName("CreateWebhook")
            .WithSummary("Register a webhook: the latest summary of each unit (and of its children when asked) is posted to the URL, signed, until acknowledged.");
        group.MapGet("/", ListAsync).WithName("ListWebhooks").WithSummary("The webhooks of a partner (every one without partner), oldest first.");
        group.MapGet("/{id}", GetAsync).WithName("GetWebhook").WithSummary("A webhook with where the deliveries of each of its units stand.");
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteWebhook").WithSummary("Stop delivering and forget the webhook and what it still owed.");
        return group;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, UnitRegistry registry, IGrainFactory grains)
    {
        CreateRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<CreateRequest>(request.HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: not JSON at all (no or another content type).
            return Problems.BadBody("The body must be a JSON object {\"partner\": …, \"url\": …, \"units\": […], \"children\": false, \"secret\": …} sent as application/json.");
        }

        if (Check(body, registry) is { } invalid)
        {
            return Problems.BadBody(invalid);
        }

        var id = "wh-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var registration = new WebhookRegistration(body!.Partner!.Trim(), body.Url!.Trim(), body.Secret!, body.Units!.Distinct(StringComparer.Ordinal).ToArray(), body.Children ?? false);
        var created = await grains.GetGrain<IWebhookGrain>(id).CreateAsync(registration);
        return Results.Created($"/api/webhooks/{id}", created);
    }

    private static async Task<IResult> ListAsync(string? partner, IGrainFactory grains) =>
        Results.Ok(await grains.GetGrain<IWebhookDirectoryGrain>(0).ListAsync(string.IsNullOrWhiteSpace(partner) ? null : partner.Trim()));

    private static async Task<IResult> GetAsync(string id, IGrainFactory grains) =>
        // An id that is not one of ours cannot be registered: answer without activating a grain for it.
        IdPattern().IsMatch(id) && await grains.GetGrain<IWebhookGrain>(id).GetAsync() is { } webhook
            ? Results.Ok(webhook)
            : Problems.UnknownWebhook(id);

    private static async Task<IResult> DeleteAsync(string id, IGrainFactory grains) =>
        IdPattern().IsMatch(id) && await grains.GetGrain<IWebhookGrain>(id).DeleteAsync()
            ? Results.NoContent()
            : Problems.UnknownWebhook(id);

    /// <summary>Null when the registration can be stored, else every reason it cannot.</summary>
    private static string? Check(CreateRequest? body, UnitRegistry registry)
    {
        if (body is null)
        {
            return "The body is 'null'; send {\"partner\": …, \"url\": …, \"units\": […], \"secret\": …}.";
        }

        var problems = new List<string>();
        if (Ingest.FieldRules.CheckId("partner", body.Partner) is { } badPartner)
        {
            problems.Add(badPartner);
        }
        else if (body.Partner!.Length > WebhookLimits.MaxPartnerLength)
        {
            problems.Add($"partner is longer than {WebhookLimits.MaxPartnerLength} characters.");
        }

        if (string.IsNullOrWhiteSpace(body.Url))
        {
            problems.Add("url is required: the absolute http or https address deliveries are posted to.");
        }
        else if (body.Url.Length > WebhookLimits.MaxUrlLength)
        {
            problems.Add($"url is longer than {WebhookLimits.MaxUrlLength} characters.");
        }
        else if (!Uri.TryCreate(body.Url.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Host.Length == 0)
        {
            problems.Add($"url '{body.Url}' is not an absolute http or https address, such as https://partner.example/canvass-hook.");
        }

        if (body.Secret is null || body.Secret.Length < WebhookLimits.MinSecretLength)
        {
            problems.Add($"secret must be at least {WebhookLimits.MinSecretLength} characters (for example 32 random bytes, hex or base64); it signs every delivery and is never shown again.");
        }
        else if (body.Secret.Length > WebhookLimits.MaxSecretLength)
        {
            problems.Add($"secret is longer than {WebhookLimits.MaxSecretLength} characters.");
        }

        if (body.Units is not { Count: > 0 })
        {
            problems.Add("units is required: the ids of the units to deliver, such as [\"440304\"].");
        }
        else
        {
            var distinct = body.Units.Distinct(StringComparer.Ordinal).ToArray();
            if (distinct.Length > WebhookLimits.MaxUnits)
            {
                problems.Add($"units names {distinct.Length} units; a webhook follows at most {WebhookLimits.MaxUnits} (register another for more).");
            }

            var unknown = distinct.Where(u => string.IsNullOrEmpty(u) || !registry.TryGet(u, out _)).Take(5).ToArray();
            if (unknown.Length > 0)
            {
                problems.Add($"units: {string.Join(", ", unknown.Select(u => $"'{u}'"))} {(unknown.Length == 1 ? "is" : "are")} not in the registry.");
            }
        }

        return problems.Count == 0 ? null : string.Join(" ", problems);
    }

    [GeneratedRegex("^wh-[0-9a-f]{24}$")]
    private static partial Regex IdPattern();

    private sealed record CreateRequest(string? Partner, string? Url, List<string>? Units, bool? Children, string? Secret);
}
