using Canvass.Abstractions.Configuration;
using Canvass.Gateway.Apis;
using Canvass.Gateway.Push;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Canvass.Gateway.Auth;

public static class AuthServiceExtensions
{
    /// <summary>Bearer tokens on every API and on the hub, the policies of <see cref="Permissions"/>, and the local issuer when there is a key.</summary>
    /// <param name="developmentKey">
    /// Whether a development key may be made when no key or authority is configured: only for one process alone.
    /// Gateways of a cluster must all accept the same tokens, which a key made per process would not.
    /// </param>
    public static WebApplicationBuilder AddCanvassAuth(this WebApplicationBuilder builder, bool developmentKey)
    {
        // The bearer handler's keys are fixed while the host is composed: read checked now.
        var options = builder.Services.AddValidatedSection(builder.Configuration, "Auth", new AuthOptionsValidator());
        if (!developmentKey && string.IsNullOrEmpty(options.SigningKey) && string.IsNullOrEmpty(options.Authority))
        {
            throw new InvalidOperationException(
                "Set Auth:Authority (the issuer of the city's tokens) or Auth:SigningKey (a base64 key of at least 32 bytes shared by every gateway): "
                + "a gateway of a cluster does not make a development key of its own, since the others would not accept its tokens.");
        }

        var key = SigningKeys.Resolve(options);
        var verification = SigningKeys.Verification(options, key);
        builder.Services.AddSingleton(options);
        if (key is not null)
        {
            builder.Services.AddSingleton(services => new TokenIssuer(options, key, services.GetRequiredService<TimeProvider>()));
        }

        builder.Services.AddSingleton<RevocationList>();
        builder.Services.AddSingleton<LiveConnections>();
        builder.Services.AddHostedService<RevocationRefresh>();
        builder.Services.AddHealthChecks().AddCheck<RevocationsLoadedCheck>("revocations", tags: [Hosting.Observability.Ready]);

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            // Claims keep their JWT names (sub, role, unit) instead of the long WS-* URIs.
            jwt.MapInboundClaims = false;
            jwt.Authority = options.Authority;
            jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = options.Issuer,
                ValidAudience = options.Audience,
                // The signing key and the keys it replaced, found by the token's kid (tried in turn when it names none).
                IssuerSigningKeys = verification,
                NameClaimType = CanvassClaims.Subject,
                RoleClaimType = CanvassClaims.Role,
                RequireExpirationTime = true,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            jwt.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    // Browsers cannot set headers on a WebSocket or an EventSource, so there alone the token may come
                    // in the query. Request logging is held at Warning for that reason (see Observability).
                    if (IsLiveConnection(context.Request.Path) && context.Request.Query["access_token"] is [{ Length: > 0 } token, ..])
                    {
                        context.Token = token;
                    }
                    else if (DashboardSignIn.TokenOf(context.Request) is { } operatorToken)
                    {
                        context.Token = operatorToken;
                    }

                    return Task.CompletedTask;
                },
                OnTokenValidated = context =>
                {
                    // Clock skew lets a just-expired token through, but a hub connection is closed at the token's
                    // expiry itself: a client reconnecting with it would be let in and thrown out again and again.
                    var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                    var expires = context.SecurityToken.ValidTo;
                    if (IsLiveConnection(context.Request.Path) && expires <= now.UtcDateTime)
                    {
                        context.Fail(new SecurityTokenExpiredException("The token expired.") { Expires = expires });
                        return Task.CompletedTask;
                    }

                    var revocations = context.HttpContext.RequestServices.GetRequiredService<RevocationList>();
                    if (!revocations.IsLoaded)
                    {
                        context.Fail(new TokenRevokedException("This gateway has not yet loaded the list of revoked tokens from the cluster: try again in a moment."));
                    }
                    else if (revocations.IsRevoked(context.Principal!))
                    {
                        context.Fail(new TokenRevokedException("The token was revoked: ask the operator for a new one."));
                    }

                    return Task.CompletedTask;
                },
                OnChallenge = AuthProblems.ChallengeAsync,
                OnForbidden = AuthProblems.ForbiddenAsync,
            };
        });
        builder.Services.AddAuthorizationBuilder().AddCanvassPolicies();
        return builder;
    }

    /// <summary>
    /// Authentication, authorization and the dashboard's sign-in, in that order: after the public pages, before any
    /// endpoint that needs a token.
    /// </summary>
    public static IApplicationBuilder UseCanvassAuth(this IApplicationBuilder app) =>
        app.UseAuthentication().UseAuthorization().UseMiddleware<DashboardSignIn>();

    /// <summary>
    /// The hub and the event stream: connections that outlive a request, where the token may come in the query, an
    /// expired one is not let in again, and the Origin is checked.
    /// </summary>
    public static bool IsLiveConnection(PathString path) =>
        path.StartsWithSegments(MonitorHub.Path) || path.StartsWithSegments(PushApi.StreamPath);
}
