namespace Canvass.Abstractions.Tokens;

/// <summary>
/// The cluster's revoked tokens, kept in the journal's store. One grain (key 0) so that every revocation is ordered
/// and counted once; every gateway asks it every <c>Auth:RevocationRefreshInterval</c> for what changed.
/// </summary>
[Alias("canvass.IRevocationGrain")]
public interface IRevocationGrain : IGrainWithIntegerKey
{
    /// <summary>Stores the revocation (durably, before answering) and returns it as stored.</summary>
    [Alias("Revoke")]
    Task<TokenRevocation> RevokeAsync(TokenRevocation revocation);

    /// <summary>Every revocation, or null when there are still <paramref name="knownCount"/> (the caller has them all).</summary>
    [Alias("GetSince")]
    Task<RevocationSet?> GetSinceAsync(int knownCount);
}
