using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Canvass.Gateway.Tests.Security;

/// <summary>The header and payload of a JWT, read without checking it (what a holder of the token can read too).</summary>
internal static class TokenJson
{
    public static JsonElement Header(string token) => Part(token, 0);

    public static JsonElement Payload(string token) => Part(token, 1);

    private static JsonElement Part(string token, int index) =>
        JsonDocument.Parse(Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token.Split('.')[index]))).RootElement.Clone();
}
