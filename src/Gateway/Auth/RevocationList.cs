using System.Security.Claims;
using Canvass.Abstractions.Tokens;
using Canvass.Registry;

namespace Canvass.Gateway.Auth;

/// <summary>
/// This gateway's copy of the cluster's revoked tokens, replaced whole at each change by <see cref="RevocationRefresh"/>.
/// Until the first copy has arrived every token is refused: a gateway just started must not let a revoked one in.
/// </summary>
public sealed class RevocationList(UnitRegistry registry)
{
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Index _current = new([], 0);

    /// <summary>Completes when the first copy has arrived.</summary>
    public Task WhenLoaded => _loaded.Task;

    public bool IsLoaded => _loaded.Task.IsCompleted;

    /// <summary>How many revocations this copy holds (the set's version).</summary>
    public int Count => _current.Count;

    public void Replace(RevocationSet set)
    {
        _current = new Index(set.Revocations, set.Count);
        _loaded.TrySetResult();
    }

    /// <summary>Whether the token of <paramref name="user"/> is revoked: by its id, or by its subject before it was issued, within the revoker's unit.</summary>
    public bool IsRevoked(ClaimsPrincipal user)
    {
        var index = _current;
        var unit = user.FindFirstValue(CanvassClaims.Unit);
        if (user.FindFirstValue(CanvassClaims.TokenId) is { } id && index.ByTokenId.TryGetValue(id, out var ofToken)
            && ofToken.Any(r => Covers(r, unit)))
        {
            return true;
        }

        if (user.FindFirstValue(CanvassClaims.Subject) is { } subject && index.BySubject.TryGetValue(subject, out var ofSubject))
        {
            // iat has whole seconds: a token issued in the very second of the revocation counts as before it. A
            // token without iat cannot show it came after, so it is revoked.
            var issued = user.IssuedAtTime();
            return ofSubject.Any(r => (issued is null || issued <= r.RevokedAt) && Covers(r, unit));
        }

        return false;
    }

    /// <summary>Whether the revoker's unit reaches the token's (a token naming no known unit reaches nothing anyway).</summary>
    private bool Covers(TokenRevocation revocation, string? unit) =>
        unit is null || !registry.TryGet(unit, out var tokenUnit) || !registry.TryGet(revocation.Unit, out var scope) || scope.Contains(tokenUnit);

    private sealed class Index(IReadOnlyList<TokenRevocation> revocations, int count)
    {
        public int Count { get; } = count;

        public Dictionary<string, TokenRevocation[]> ByTokenId { get; } = revocations.Where(r => r.TokenId is not null)
            .GroupBy(r => r.TokenId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

        public Dictionary<string, TokenRevocation[]> BySubject { get; } = revocations.Where(r => r.Subject is not null)
            .GroupBy(r => r.Subject!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }
}
