namespace Canvass.Abstractions.Tokens;

/// <summary>
/// A revocation: one token by its id, or every token of a subject issued until <see cref="RevokedAt"/>, in either
/// case only tokens whose unit is within <see cref="Unit"/> (the revoking admin's, who may revoke no more than it
/// could have minted).
/// </summary>
[GenerateSerializer, Immutable, Alias("canvass.TokenRevocation")]
public sealed record TokenRevocation
{
    /// <summary>The <c>jti</c> of the one token revoked; null when a subject is.</summary>
    [Id(0)] public string? TokenId { get; init; }

    /// <summary>The <c>sub</c> whose tokens are revoked; null when one token is.</summary>
    [Id(1)] public string? Subject { get; init; }

    /// <summary>The unit of the revoking admin: tokens of units outside its subtree are not touched.</summary>
    [Id(2)] public required string Unit { get; init; }

    /// <summary>When it was revoked; a subject's tokens issued after it are valid again.</summary>
    [Id(3)] public DateTimeOffset RevokedAt { get; init; }

    /// <summary>The subject of the admin who revoked it.</summary>
    [Id(4)] public required string By { get; init; }
}
