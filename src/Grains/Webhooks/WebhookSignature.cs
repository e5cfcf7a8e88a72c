using System.Security.Cryptography;
using System.Text;

namespace Canvass.Grains.Webhooks;

/// <summary>The signature of a delivery: HMAC-SHA256 with the registration's secret over <c>&lt;timestamp&gt;.&lt;body&gt;</c>.</summary>
public static class WebhookSignature
{
    /// <summary>
    /// <c>sha256=</c> and the lowercase hex of HMAC-SHA256, keyed with the UTF-8 bytes of the secret, over the UTF-8
    /// bytes of the timestamp (Unix seconds, as sent in <c>X-Canvass-Timestamp</c>), a dot, and the body as sent.
    /// </summary>
    public static string Sign(string secret, long timestamp, string body)
    {
        var signed = Encoding.UTF8.GetBytes(timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + body);
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
