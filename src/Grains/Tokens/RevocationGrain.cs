using Canvass.Abstractions.Tokens;
using Canvass.Storage.Revocations;

namespace Canvass.Grains.Tokens;

/// <summary>
/// The cluster's revoked tokens: read from the store once per activation, each new one stored before it is
/// answered, so that what a gateway has seen survives any restart. Not reentrant: revocations are few, and one at a
/// time keeps the count a version.
/// </summary>
public sealed class RevocationGrain(IRevocationStore store, TimeProvider time) : Grain, IRevocationGrain
{
    private List<TokenRevocation> _revocations = [];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _revocations = [.. (await store.ListAsync(cancellationToken)).Select(r => new TokenRevocation
        {
            TokenId = r.TokenId,
            Subject = r.Subject,
            Unit = r.Unit,
            RevokedAt = r.RevokedAt,
            By = r.By,
        })];
    }

    public async Task<TokenRevocation> RevokeAsync(TokenRevocation revocation)
    {
        var stored = revocation with { RevokedAt = time.GetUtcNow() };
        await store.AddAsync(new StoredRevocation(stored.TokenId, stored.Subject, stored.Unit, stored.RevokedAt, stored.By));
        _revocations.Add(stored);
        return stored;
    }

    public Task<RevocationSet?> GetSinceAsync(int knownCount) => Task.FromResult(knownCount == _revocations.Count
        ? null
        : new RevocationSet { Revocations = [.. _revocations], Count = _revocations.Count });
}
