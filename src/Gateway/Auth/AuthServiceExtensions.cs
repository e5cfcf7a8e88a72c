using Canvass.Gateway.Apis;
using Canvass.Gateway.Push;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Canvass.Gateway.Auth;

public static class AuthServiceExtensions
{
    /// <summary>Bearer tokens on every API and on the hub, the policies of <see cref="Permissions"/>, and the local issuer when there is a key.</summary>
    public static WebApplicationBuilder AddCanvassAuth(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        var key = SigningKeys.Resolve(options);
        builder.Services.AddSingleton(options);
        if (key is not null)
        {
            builder.Services.AddSingleton(services => new TokenIssuer(options, key, services.GetRequiredService<TimeProvider>()));
        }

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
                IssuerSigningKey = key,
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
                    if (AcceptsQueryToken(context.Request.Path) && context.Request.Query["access_token"] is [{ Length: > 0 } token, ..])
                    {
                        context.Token = token;
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

    public static bool AcceptsQueryToken(PathString path) =>
        path.StartsWithSegments(MonitorHub.Path) || path.StartsWithSegments(PushApi.StreamPath);
}
