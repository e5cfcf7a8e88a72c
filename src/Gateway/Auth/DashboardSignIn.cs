namespace Canvass.Gateway.Auth;

/// <summary>
/// Signing in to the Orleans dashboard, an operator UI whose pages fetch their data themselves and so cannot send a
/// bearer header: <c>/dashboard/?access_token=&lt;admin token&gt;</c> once puts the token in a cookie of that path
/// alone (HttpOnly, SameSite=Strict, ending with the token) and redirects to the address without it. The cookie
/// is the same token, so it expires and is revoked as the token is.
/// </summary>
public sealed class DashboardSignIn(RequestDelegate next)
{
    public const string Path = "/dashboard";
    public const string Cookie = "canvass-dashboard";

    /// <summary>The token of a dashboard request that sends no header: from the query (signing in) or the cookie.</summary>
    public static string? TokenOf(HttpRequest request)
    {
        if (!request.Path.StartsWithSegments(Path) || request.Headers.Authorization.Count > 0)
        {
            return null;
        }

        return request.Query["access_token"] is [{ Length: > 0 } query, ..] ? query
            : request.Cookies[Cookie] is { Length: > 0 } cookie ? cookie
            : null;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments(Path) || context.User.Identity?.IsAuthenticated != true
            || request.Query["access_token"] is not [{ Length: > 0 } token, ..])
        {
            return next(context);
        }

        context.Response.Cookies.Append(Cookie, token, new CookieOptions
        {
            Path = Path,
            HttpOnly = true,
            Secure = request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Expires = context.User.ExpiresAt(),
        });
        context.Response.Redirect($"{request.PathBase}{request.Path}");
        return Task.CompletedTask;
    }
}
