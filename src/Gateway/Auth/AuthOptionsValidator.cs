using Canvass.Abstractions.Configuration;
using Microsoft.Extensions.Options;

namespace Canvass.Gateway.Auth;

/// <summary>Checks the <c>Auth</c> section: the configured keys, the authority's address, lifetimes and origins.</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions o)
    {
        var failures = new OptionsFailures()
            .Check(!string.IsNullOrWhiteSpace(o.Issuer) && !string.IsNullOrWhiteSpace(o.Audience), "Auth:Issuer and Auth:Audience must not be empty.")
            .Check(o.Authority is not { Length: > 0 } || Uri.TryCreate(o.Authority, UriKind.Absolute, out _),
                $"Auth:Authority '{o.Authority}' is not an absolute URL, such as https://id.example.gov.cn/realms/city.")
            .Check(o.RevocationRefreshInterval > TimeSpan.Zero, "Auth:RevocationRefreshInterval must be positive.")
            .Check(o.TokenLifetime > TimeSpan.Zero && o.TokenLifetime <= o.MaxTokenLifetime,
                "Auth:TokenLifetime must be positive and at most Auth:MaxTokenLifetime.")
            .Check(o.Authority is { Length: > 0 } || !string.IsNullOrWhiteSpace(o.SigningKeyPath) || o.SigningKey is { Length: > 0 },
                "Auth:SigningKeyPath must name a file when neither Auth:SigningKey nor Auth:Authority is set.");
        foreach (var problem in SigningKeys.Problems(o))
        {
            failures.Check(false, problem);
        }

        foreach (var origin in o.AllowedOrigins)
        {
            failures.Check(Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https",
                $"Auth:AllowedOrigins: '{origin}' is not an origin, such as https://wall.example.gov.cn.");
        }

        return failures.Result;
    }
}
