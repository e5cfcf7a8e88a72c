using Microsoft.IdentityModel.Tokens;

namespace Canvass.Gateway.Auth;

/// <summary>A token refused because it was revoked, or because this gateway cannot yet tell whether it was.</summary>
public sealed class TokenRevokedException(string message) : SecurityTokenException(message);
