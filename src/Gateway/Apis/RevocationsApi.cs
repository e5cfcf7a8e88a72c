using System.Text.Json;
using Canvass.Abstractions.Tokens;
using Canvass.Gateway.Auth;
using Canvass.Gateway.Docs;
using Canvass.Gateway.Limits;
using Canvass.Registry;

namespace Canvass.Gateway.Apis;

/// <summary>Revoking tokens: one by its id, or every token of a subject. Mapped with or without a local key.</summary>
public static class RevocationsApi
{
    public static IEndpointRouteBuilder MapRevocationsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/tokens/revocations", RevokeAsync).WithName("RevokeTokens").WithTags("Tokens")
            .RequirePermission(Permissions.Tokens).RequireWriteLimit()
            .AcceptsExample(ApiExamples.RevocationRequest)
            .ProducesExample(ApiExamples.Revocation)
            .ProducesProblemExample(Problems.BadBody(OneOf));
        return app;
    }

    /// <summary>Revoke one token by its id, or every token of a subject issued until now.</summary>
    /// <remarks>
    /// `{"tokenId": "…"}` (a token's `jti`, the `tokenId` that `POST /api/tokens` answered) or `{"subject": "…"}`
    /// (every token whose `sub` it is, issued up to this moment; tokens minted for it afterwards are valid). Only
    /// tokens of units within the admin's own are revoked. The revocation is stored in the cluster's journal store
    /// (it survives every restart), every gateway refuses the tokens within `Auth:RevocationRefreshInterval` (2 s)
    /// and closes their open hub connections and event streams (`event: revoked`).
    /// </remarks>
    /// <response code="200">The revocation as stored.</response>
    /// <response code="400">The body names neither or both of `tokenId` and `subject`, or one is not valid.</response>
    internal static async Task<IResult> RevokeAsync(HttpRequest request, UnitRegistry registry, IGrainFactory grains)
    {
        RevocationRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<RevocationRequest>(request.HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return Problems.BadBody(OneOf);
        }

        if (body is null || (body.TokenId is null) == (body.Subject is null))
        {
            return Problems.BadBody(OneOf);
        }

        var (name, value) = body.TokenId is not null ? ("tokenId", body.TokenId) : ("subject", body.Subject);
        if (Ingest.FieldRules.CheckId(name, value) is { } bad)
        {
            return Problems.BadBody(bad);
        }

        var user = request.HttpContext.User;
        var scope = registry.ScopeOf(user)!;
        var stored = await grains.GetGrain<IRevocationGrain>(0).RevokeAsync(new TokenRevocation
        {
            TokenId = body.TokenId?.Trim(),
            Subject = body.Subject?.Trim(),
            Unit = scope.Id,
            By = user.FindFirst(CanvassClaims.Subject)?.Value ?? "(none)",
        });
        return Results.Ok(new RevocationAnswer(stored.TokenId, stored.Subject, stored.Unit, registry.ToLocal(stored.RevokedAt), stored.By));
    }

    private const string OneOf =
        "The body must be a JSON object naming one of tokenId or subject: {\"tokenId\": \"3f2b8c1e9d4a4e6b8f0c2a7d5e1b9c04\"} or {\"subject\": \"wall-futian\"}, sent as application/json.";
}

/// <summary>What to revoke: one of the two.</summary>
/// <param name="TokenId">A token's id (its `jti`, the `tokenId` minting answered).</param>
/// <param name="Subject">A subject (`sub`) whose every token issued until now is revoked.</param>
public sealed record RevocationRequest(string? TokenId = null, string? Subject = null);

/// <summary>A revocation as stored.</summary>
/// <param name="TokenId">The token revoked, when one was.</param>
/// <param name="Subject">The subject whose tokens were revoked, when one was.</param>
/// <param name="Unit">The revoking admin's unit: tokens of units outside it are not touched.</param>
/// <param name="RevokedAt">When; a subject's tokens issued after it are valid.</param>
/// <param name="By">The admin's subject.</param>
public sealed record RevocationAnswer(string? TokenId, string? Subject, string Unit, DateTimeOffset RevokedAt, string By);
