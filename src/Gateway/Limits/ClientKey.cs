using System.Security.Claims;
using Canvass.Gateway.Auth;

namespace Canvass.Gateway.Limits;

/// <summary>Who a limit counts against: the token's subject, or the remote address for requests without a token.</summary>
internal static class ClientKey
{
    public static string Of(ClaimsPrincipal user, HttpContext? http) =>
        user.FindFirst(CanvassClaims.Subject)?.Value is { } subject
            ? "sub:" + subject
            : "ip:" + http?.Connection.RemoteIpAddress;

    /// <summary>The operator is not limited: bulk imports and the benchmark post as admin.</summary>
    public static bool IsExempt(ClaimsPrincipal user) => user.IsInRole(Roles.Admin);
}
