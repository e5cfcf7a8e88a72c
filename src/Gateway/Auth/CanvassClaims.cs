using System.Globalization;
using System.Security.Claims;

namespace Canvass.Gateway.Auth;

/// <summary>The claims a Canvass token carries, by their JWT names (inbound claim mapping is off).</summary>
public static class CanvassClaims
{
    /// <summary>Who the token is for: a screener, a display, a partner system. Rate limits count per subject.</summary>
    public const string Subject = "sub";

    public const string Role = "role";

    /// <summary>The unit whose subtree the token reaches, such as <c>440304</c>.</summary>
    public const string Unit = "unit";

    /// <summary>The token's own id (<c>jti</c>): <c>POST /api/tokens/revocations</c> revokes one token by it.</summary>
    public const string TokenId = "jti";

    /// <summary>When the token was issued (<c>iat</c>): revoking a subject revokes its tokens issued until then.</summary>
    public const string IssuedAt = "iat";

    /// <summary>When the token was issued, when it says.</summary>
    public static DateTimeOffset? IssuedAtTime(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirst(IssuedAt)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>When the token expires (its <c>exp</c>), for connections that outlive a request.</summary>
    public static DateTimeOffset? ExpiresAt(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirst("exp")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
