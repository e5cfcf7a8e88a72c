using System.Text.Json;
using Canvass.Gateway.Auth;
using Canvass.Gateway.Docs;
using Canvass.Gateway.Limits;
using Canvass.Registry;

namespace Canvass.Gateway.Apis;

/// <summary>Tokens minted by an admin, when this service holds the signing key (no external authority).</summary>
public static class TokensApi
{
    public static IEndpointRouteBuilder MapTokensApi(this IEndpointRouteBuilder app)
    {
        // With an external authority the keys are not here: tokens come from that issuer, and this is not mapped.
        if (app.ServiceProvider.GetService<TokenIssuer>() is null)
        {
            return app;
        }

        app.MapPost("/api/tokens", MintAsync).WithName("MintToken").WithTags("Tokens")
            .RequirePermission(Permissions.Tokens).RequireWriteLimit()
            .AcceptsExample(ApiExamples.TokenRequest)
            .ProducesExample(ApiExamples.Token)
            .ProducesProblemExample(Problems.BadBody(UnknownRole("viewer")));
        return app;
    }

    /// <summary>Mint a token for a role within a unit of the admin's own scope.</summary>
    /// <remarks>
    /// The token is a JWT signed with this service's key, carrying `sub` (who it is for), `role` and `unit` (the unit
    /// whose subtree it reaches); send it as `Authorization: Bearer …`, or as `?access_token=` on the hub and the event
    /// stream. `unit` must be in the admin's own subtree, and the role one the admin may grant, so a token never widens
    /// the one that minted it. `lifetime` is a TimeSpan (`12:00:00`, `7.00:00:00`), 12 hours when absent and at most
    /// `Auth:MaxTokenLifetime` (31 days), and never beyond the expiry of the admin's own token (when absent, the shorter
    /// of the two). Each token has an id, `tokenId` (its `jti`), by which `POST /api/tokens/revocations` revokes it.
    /// </remarks>
    /// <response code="200">The token and what it grants.</response>
    /// <response code="400">The body is not a JSON object of `role`, `unit`, `subject` and an optional `lifetime`, or one of them is not valid, or the lifetime would outlive the admin's token.</response>
    internal static async Task<IResult> MintAsync(HttpRequest request, UnitRegistry registry, TokenIssuer issuer, AuthOptions options, TimeProvider time)
    {
        TokenRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<TokenRequest>(request.HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return Problems.BadBody("The body must be a JSON object {\"role\": \"display\", \"unit\": \"440304\", \"subject\": \"wall-futian\", \"lifetime\": \"12:00:00\"} sent as application/json.");
        }

        if (body?.Role is not { } role || !Roles.All.Contains(role))
        {
            return Problems.BadBody(UnknownRole(body?.Role));
        }

        var user = request.HttpContext.User;
        var own = user.FindFirst(CanvassClaims.Role)?.Value ?? "";
        if (!Roles.MayGrant(own, role))
        {
            return Problems.BadBody($"role '{role}' is wider than this token's role '{own}': a token may only mint tokens of roles it may grant.");
        }

        if (string.IsNullOrEmpty(body.Unit) || !registry.TryGetVisible(body.Unit, request.HttpContext.User, out var unit))
        {
            return Problems.BadBody($"unit '{body.Unit}' is not in the registry.");
        }

        if (Ingest.FieldRules.CheckId("subject", body.Subject) is { } badSubject)
        {
            return Problems.BadBody(badSubject);
        }

        var lifetime = body.Lifetime ?? options.TokenLifetime;
        if (lifetime <= TimeSpan.Zero || lifetime > options.MaxTokenLifetime)
        {
            return Problems.BadBody($"lifetime {lifetime} must be positive and at most {options.MaxTokenLifetime}.");
        }

        // A minted token ends no later than the one that minted it: else a token about to expire could renew itself.
        var remaining = (user.ExpiresAt() ?? DateTimeOffset.MinValue) - time.GetUtcNow();
        if (body.Lifetime is null)
        {
            lifetime = lifetime < remaining ? lifetime : remaining;
        }
        else if (lifetime > remaining)
        {
            return Problems.BadBody($"lifetime {lifetime} would outlive this token, which expires at {user.ExpiresAt():O}: ask for at most {FloorSeconds(remaining)}.");
        }

        if (lifetime <= TimeSpan.Zero)
        {
            return Problems.BadBody("This token has expired: it cannot mint another.");
        }

        return Results.Ok(issuer.Mint(body.Subject!.Trim(), role, unit.Id, lifetime));
    }

    private static TimeSpan FloorSeconds(TimeSpan span) => TimeSpan.FromSeconds(Math.Max(0, Math.Floor(span.TotalSeconds)));

    private static string UnknownRole(string? role) =>
        $"role '{role}' is not one of {string.Join(", ", Roles.All)}.";
}

/// <summary>What an admin asks a token for.</summary>
/// <param name="Role">One of screener, supervisor, display, partner, admin.</param>
/// <param name="Unit">The unit whose subtree the token reaches.</param>
/// <param name="Subject">Who the token is for (a screener's id, a display's name, a partner's name); limits count per subject.</param>
/// <param name="Lifetime">How long the token lasts; 12 hours when absent.</param>
public sealed record TokenRequest(string? Role, string? Unit, string? Subject, TimeSpan? Lifetime = null);
