using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Tokens;

namespace Canvass.Gateway.Auth;

/// <summary>The problem+json answers to a missing, expired or invalid token and to a role without the permission.</summary>
internal static class AuthProblems
{
    public const string NoToken =
        "This needs a bearer token: send 'Authorization: Bearer <token>' (on the hub and the event stream, ?access_token= also works). In the embedded default, mint one with: dotnet run --project src/Silo -- token --role display --unit 4403";

    public static ProblemDetails NotSignedIn(string detail) =>
        new() { Status = StatusCodes.Status401Unauthorized, Title = "Not signed in", Detail = detail };

    public static ProblemDetails NotAllowed(string role) => new()
    {
        Status = StatusCodes.Status403Forbidden,
        Title = "Not allowed",
        Detail = $"A token with role '{role}' may not do this. The roles and what each may do are in the README.",
    };

    public static async Task ChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var detail = context.AuthenticateFailure switch
        {
            SecurityTokenExpiredException expired => $"The token expired at {expired.Expires:O}. Ask for a new one.",
            TokenRevokedException revoked => revoked.Message,
            null when context.Request.Path.StartsWithSegments(DashboardSignIn.Path) =>
                "The dashboard needs an admin token: open /dashboard/?access_token=<admin token> once (it is then kept in a cookie of this path), or send 'Authorization: Bearer <token>'.",
            null => NoToken,
            _ => "The token is not valid here: its signature, issuer or audience is not this service's, or it is malformed.",
        };
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await WriteAsync(context.HttpContext, NotSignedIn(detail));
    }

    public static Task ForbiddenAsync(ForbiddenContext context)
    {
        var user = context.HttpContext.User;
        var problem = user.FindFirst(CanvassClaims.Unit) is null
            ? new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Not allowed", Detail = "The token names no unit: every token needs a 'unit' claim, the unit whose subtree it reaches." }
            : NotAllowed(user.FindFirst(CanvassClaims.Role)?.Value ?? "(none)");
        return WriteAsync(context.HttpContext, problem);
    }

    private static Task WriteAsync(HttpContext http, ProblemDetails problem)
    {
        http.Response.StatusCode = problem.Status!.Value;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem }).AsTask();
    }
}
