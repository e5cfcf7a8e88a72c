using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Canvass.Gateway.Auth;

/// <summary>
/// Mints tokens with the local key: the development command, <c>POST /api/tokens</c> and tests. Each carries an id
/// of its own (<c>jti</c>), by which it can be revoked, and the key's <c>kid</c> in its header.
/// </summary>
public sealed class TokenIssuer(AuthOptions options, SymmetricSecurityKey key, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public MintedToken Mint(string subject, string role, string unit, TimeSpan lifetime)
    {
        var now = time.GetUtcNow();
        var expires = now + lifetime;
        var id = Guid.NewGuid().ToString("N");
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Subject = new ClaimsIdentity([
                new Claim(CanvassClaims.Subject, subject),
                new Claim(CanvassClaims.Role, role),
                new Claim(CanvassClaims.Unit, unit),
                new Claim(CanvassClaims.TokenId, id),
            ]),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        return new MintedToken(token, id, subject, role, unit, expires);
    }
}

/// <summary>A minted token and what it grants; <paramref name="TokenId"/> is its <c>jti</c>, what revokes it alone.</summary>
public sealed record MintedToken(string Token, string TokenId, string Subject, string Role, string Unit, DateTimeOffset ExpiresAt);
