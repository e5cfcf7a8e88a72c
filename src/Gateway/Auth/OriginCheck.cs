namespace Canvass.Gateway.Auth;

/// <summary>
/// Refuses the hub and the event stream to pages of other origins. CORS does not cover a WebSocket, so without this
/// any page a signed-in user opens could follow the city's figures with the token it finds.
/// </summary>
internal sealed class OriginCheck(RequestDelegate next, AuthOptions options)
{
    private readonly HashSet<string> _allowed = new(options.AllowedOrigins.Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext context)
    {
        if (!AuthServiceExtensions.IsLiveConnection(context.Request.Path)
            || context.Request.Headers.Origin is not [{ Length: > 0 } origin, ..]
            || IsAllowed(origin, context.Request))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new()
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Origin not allowed",
                Detail = $"Pages from {origin} may not open the hub or the event stream; an operator can allow an origin in Auth:AllowedOrigins.",
            },
        }).AsTask();
    }

    private bool IsAllowed(string origin, HttpRequest request) =>
        _allowed.Contains(origin)
        || string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);
}
