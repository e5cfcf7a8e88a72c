namespace Canvass.Gateway.Auth;

/// <summary>
/// How tokens are checked (the <c>Auth</c> section). With <see cref="Authority"/> set, tokens come from that issuer
/// (its OpenID metadata names the keys); otherwise they are signed here with <see cref="SigningKey"/>, or in the
/// embedded default with a development key kept in <see cref="SigningKeyPath"/> and made on first start.
/// </summary>
public sealed class AuthOptions
{
    public string Issuer { get; set; } = "canvass-dev";

    public string Audience { get; set; } = "canvass";

    /// <summary>A production issuer's address (its <c>/.well-known/openid-configuration</c> names the signing keys).</summary>
    public string? Authority { get; set; }

    /// <summary>Whether the authority's metadata must be fetched over https (off only for a test issuer on loopback).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// The HMAC-SHA256 key tokens are signed with here, base64 of at least 32 random bytes; tokens signed with it are
    /// valid here. Default none (the development key file, or an authority).
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>The <c>kid</c> minted tokens name; default derived from the key itself (16 hex digits of its SHA-256).</summary>
    public string? SigningKeyId { get; set; }

    /// <summary>
    /// Keys that are still accepted but no longer sign (the previous key during a rotation), each base64 with an
    /// optional <c>Id</c> (default derived as for <see cref="SigningKeyId"/>). Default none.
    /// </summary>
    public VerificationKey[] VerificationKeys { get; set; } = [];

    /// <summary>How often each gateway reloads the revoked tokens from the cluster. Default 2 s (a revocation holds everywhere within about that).</summary>
    public TimeSpan RevocationRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Where the development key is kept when neither an authority nor a key is configured.</summary>
    public string SigningKeyPath { get; set; } = "data/dev-signing.key";

    /// <summary>How long a minted token lasts when the request does not say.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>The longest lifetime a minted token may ask for.</summary>
    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromDays(31);

    /// <summary>
    /// Origins, besides the gateway's own, whose pages may open the hub and the event stream (such as
    /// <c>https://wall.example.gov.cn</c>); a WebSocket is not protected by CORS, so other origins are refused.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];
}

/// <summary>A key that tokens may be signed with (an entry of <c>Auth:VerificationKeys</c>).</summary>
public sealed class VerificationKey
{
    /// <summary>The key's <c>kid</c>; default derived from the key.</summary>
    public string? Id { get; set; }

    /// <summary>Base64 of at least 32 random bytes.</summary>
    public string Key { get; set; } = "";
}
