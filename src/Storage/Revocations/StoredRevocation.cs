namespace Canvass.Storage.Revocations;

/// <summary>
/// A token revocation as stored: one token by its id (<paramref name="TokenId"/>) or a subject's tokens issued until
/// <paramref name="RevokedAt"/> (<paramref name="Subject"/>), within the subtree of <paramref name="Unit"/>.
/// </summary>
public sealed record StoredRevocation(string? TokenId, string? Subject, string Unit, DateTimeOffset RevokedAt, string By);
