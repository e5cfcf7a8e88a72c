using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Canvass.Abstractions.Webhooks;
using Canvass.Gateway.Auth;
using Canvass.Gateway.Docs;
using Canvass.Gateway.Limits;
using Canvass.Registry;

namespace Canvass.Gateway.Apis;

/// <summary>
/// Partners' webhooks: register, read, list and delete. Deliveries are made by the silos (see <c>WebhookGrain</c>);
/// this only checks and forwards. A partner token reaches its own registrations (its subject is their partner),
/// an admin every registration within its unit; any other answers exactly as an unknown id.
/// </summary>
public static partial class WebhooksApi
{
    public static RouteGroupBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/webhooks").WithTags("Webhooks").RequirePermission(Permissions.Webhooks);
        group.MapPost("/", CreateAsync).WithName("CreateWebhook").RequireWriteLimit()
            .AcceptsExample(ApiExamples.WebhookRequest)
            .ProducesExample(ApiExamples.Webhook, StatusCodes.Status201Created)
            .ProducesProblemExample(BadBody())
            .ProducesProblemExample(Problems.BadBody(Check(ApiExamples.BadWebhookRequest, id => id != ApiExamples.UnknownUnitId)!))
            .ProducesProblemExample(Problems.TargetRefused(ApiExamples.WebhookTargetRefused))
            .ProducesProblemExample(Problems.TooManyWebhooks(ApiExamples.TooManyWebhooks));
        group.MapGet("/", ListAsync).WithName("ListWebhooks").RequireReadLimit()
            .ProducesExample<IReadOnlyList<WebhookInfo>>(ApiExamples.Webhooks);
        group.MapGet("/{id}", GetAsync).WithName("GetWebhook").RequireReadLimit()
            .ProducesExample(ApiExamples.WebhookWithDeliveries)
            .ProducesProblemExample(Problems.UnknownWebhook(ApiExamples.WebhookId));
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteWebhook").RequireWriteLimit()
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblemExample(Problems.UnknownWebhook(ApiExamples.WebhookId));
        return group;
    }

    /// <summary>Register a webhook: the latest summary of each unit (and of its children when asked) is posted to the URL, signed, until acknowledged.</summary>
    /// <remarks>
    /// For partners without a SignalR client. The silos `POST` each unit's summary to `url`, exactly as
    /// `/api/units/{id}` shows it, first the current one of every unit (and child), then every change, with the
    /// headers `X-Canvass-Webhook` (the id), `X-Canvass-Event` (`unit`), `X-Canvass-Delivery` (`unitId:version`, a key to deduplicate by),
    /// `X-Canvass-Timestamp` (Unix seconds) and `X-Canvass-Signature`: `sha256=` and the lowercase hex of HMAC-SHA256,
    /// keyed with the UTF-8 bytes of `secret`, over `timestamp.body` (verify it on the raw body, in constant time). Any
    /// 2xx acknowledges a delivery; anything else is retried with backoff (1 s doubling to 5 min) for as long as the
    /// registration exists. At least once and in version order per unit; while a delivery waits, newer versions
    /// replace it. Each daily report published after the registration is delivered too, one event per unit named
    /// (not per child: the unit's report holds its children), days in order, signed and retried the same way:
    /// `X-Canvass-Event: dailyReport`, `X-Canvass-Delivery: unitId:dailyReport:yyyy-MM-dd`, body
    /// `{"event":"dailyReport","date":…,"unitId":…,"url":"/api/daily-reports/{date}?unit={unitId}"}`. The secret is stored to sign and never shown again: keep it in your own vault. The answer's
    /// `Location` header is the webhook's address. The units must be in the token's unit; `partner` is the partner
    /// token's subject (an admin names it). The url's host must be, and resolve to, public addresses only: loopback,
    /// private, link-local, CGNAT, multicast and unique-local addresses and the cluster's own networks are refused
    /// unless the operator allowed them (`Webhooks:AllowedPrivateTargets`), here and again at every connection.
    /// A partner has at most `Webhooks:MaxPerPartner` (20) webhooks.
    /// </remarks>
    /// <response code="201">The registration without its secret; `Location` is `/api/webhooks/{id}`.</response>
    /// <response code="400">The body is not a JSON object, or breaks rules: the detail names every one broken; or the url's host is an address webhooks may not reach.</response>
    /// <response code="409">The partner has as many webhooks as it may; delete one first.</response>
    internal static async Task<IResult> CreateAsync(HttpRequest request, UnitRegistry registry, IGrainFactory grains)
    {
        WebhookRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<WebhookRequest>(request.HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: not JSON at all (no or another content type).
            return BadBody();
        }

        var user = request.HttpContext.User;
        var own = user.FindFirstValue(CanvassClaims.Subject);
        if (!user.IsInRole(Roles.Admin) && body is not null)
        {
            if (body.Partner is { } named && named.Trim() != own)
            {
                return Problems.BadBody($"partner '{named}' is not this token's: a partner registers webhooks as itself ('{own}'); leave partner out.");
            }

            body = body with { Partner = own };
        }

        var scope = registry.ScopeOf(user);
        if (Check(body, unit => registry.TryGetVisible(unit, scope, out _)) is { } invalid)
        {
            return Problems.BadBody(invalid);
        }

        var id = "wh-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var registration = new WebhookRegistration(body!.Partner!.Trim(), body.Url!.Trim(), body.Secret!, body.Units!.Distinct(StringComparer.Ordinal).ToArray(), body.Children ?? false);
        var created = await grains.GetGrain<IWebhookGrain>(id).RegisterAsync(registration);
        return created switch
        {
            { Webhook: { } webhook } => Results.Created($"/api/webhooks/{id}", webhook),
            { Refusal: WebhookRefusal.TooMany } => Problems.TooManyWebhooks(created.Detail!),
            _ => Problems.TargetRefused(created.Detail!),
        };
    }

    /// <summary>The webhooks this token reaches, of one partner or of all, oldest first.</summary>
    /// <remarks>
    /// The registrations without their secrets and without the state of their deliveries, which
    /// `/api/webhooks/{id}` shows. A partner token lists its own; an admin every one within its unit, or one
    /// partner's. An unknown partner has none (an empty list).
    /// </remarks>
    /// <param name="partner" example="health-bureau">The partner whose webhooks to list; every webhook when absent.</param>
    /// <response code="200">The registrations, oldest first.</response>
    internal static async Task<IResult> ListAsync(string? partner, ClaimsPrincipal user, UnitRegistry registry, IGrainFactory grains)
    {
        var all = await grains.GetGrain<IWebhookDirectoryGrain>(0).ListAsync(string.IsNullOrWhiteSpace(partner) ? null : partner.Trim());
        return Results.Ok(all.Where(webhook => Reaches(user, registry, webhook)).ToList());
    }

    /// <summary>A webhook with where the deliveries of each of its units stand.</summary>
    /// <remarks>
    /// The registration (without its secret) and, per unit delivered (children included when asked), the highest
    /// version the receiver acknowledged (`deliveredVersion`), the one owed (`pendingVersion`), and while attempts
    /// fail, how many (`failedAttempts`), when the next is due (`nextAttemptAt`) and why the last failed
    /// (`lastError`); and for the daily reports (`dailyReports`), the day every unit's event is delivered through
    /// (`deliveredThrough`; at registration the newest day published then), the oldest day owed (`pendingDate`), and
    /// the same three while attempts at it fail.
    /// </remarks>
    /// <param name="id" example="wh-5f0c2a9e41b7d3086ce1f4a2">The webhook's id, as answered when it was registered.</param>
    /// <response code="200">The registration with the state of its deliveries.</response>
    /// <response code="404">No webhook with this id that this token reaches: never registered, deleted, or another partner's.</response>
    internal static async Task<IResult> GetAsync(string id, ClaimsPrincipal user, UnitRegistry registry, IGrainFactory grains) =>
        // An id that is not one of ours cannot be registered: answer without activating a grain for it.
        IdPattern().IsMatch(id) && await grains.GetGrain<IWebhookGrain>(id).GetAsync() is { } webhook && Reaches(user, registry, webhook)
            ? Results.Ok(webhook)
            : Problems.UnknownWebhook(id);

    /// <summary>Stop delivering and forget the webhook and what it still owed.</summary>
    /// <remarks>
    /// Deliveries stop and the registration, its secret and its outbox are removed: what was owed is dropped, not
    /// delivered. A delivery already in flight may still arrive.
    /// </remarks>
    /// <param name="id" example="wh-5f0c2a9e41b7d3086ce1f4a2">The webhook's id.</param>
    /// <response code="204">Deleted.</response>
    /// <response code="404">No webhook with this id that this token reaches: never registered, deleted already, or another partner's.</response>
    internal static async Task<IResult> DeleteAsync(string id, ClaimsPrincipal user, UnitRegistry registry, IGrainFactory grains)
    {
        if (!IdPattern().IsMatch(id))
        {
            return Problems.UnknownWebhook(id);
        }

        var grain = grains.GetGrain<IWebhookGrain>(id);
        return await grain.GetAsync() is { } webhook && Reaches(user, registry, webhook) && await grain.DeleteAsync()
            ? Results.NoContent()
            : Problems.UnknownWebhook(id);
    }

    /// <summary>A partner reaches its own registrations, an admin any; both only when every unit is in their scope.</summary>
    private static bool Reaches(ClaimsPrincipal user, UnitRegistry registry, WebhookInfo webhook)
    {
        var scope = registry.ScopeOf(user);
        return (user.IsInRole(Roles.Admin) || webhook.Partner == user.FindFirstValue(CanvassClaims.Subject))
            && webhook.Units.All(unit => registry.TryGetVisible(unit, scope, out _));
    }

    private static IResult BadBody() =>
        Problems.BadBody("The body must be a JSON object {\"partner\": …, \"url\": …, \"units\": […], \"children\": false, \"secret\": …} sent as application/json.");

    /// <summary>Null when the registration can be stored, else every reason it cannot.</summary>
    private static string? Check(WebhookRequest? body, Func<string, bool> inRegistry)
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

            var unknown = distinct.Where(u => string.IsNullOrEmpty(u) || !inRegistry(u)).Take(5).ToArray();
            if (unknown.Length > 0)
            {
                problems.Add($"units: {string.Join(", ", unknown.Select(u => $"'{u}'"))} {(unknown.Length == 1 ? "is" : "are")} not in the registry.");
            }
        }

        return problems.Count == 0 ? null : string.Join(" ", problems);
    }

    [GeneratedRegex("^wh-[0-9a-f]{24}$")]
    private static partial Regex IdPattern();
}
