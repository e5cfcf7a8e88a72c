using System.Net;
using System.Text.Json;

namespace Canvass.Client.Http;

/// <summary>Turns an error response into a <see cref="CanvassApiException"/>, from its problem+json body when it has one.</summary>
internal static class ProblemReader
{
    private static readonly HashSet<string> Standard = new(StringComparer.Ordinal) { "type", "title", "status", "detail", "instance" };

    public static async Task<CanvassApiException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = response.StatusCode;
        var retryAfter = response.Headers.RetryAfter is { } header
            ? header.Delta ?? (header.Date is { } date ? date - DateTimeOffset.UtcNow : null)
            : null;
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var fallbackTitle = response.ReasonPhrase ?? status.ToString();
        if (!LooksLikeJson(response, body))
        {
            return new CanvassApiException(status, fallbackTitle, string.IsNullOrWhiteSpace(body) ? null : Shorten(body), retryAfter: retryAfter);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new CanvassApiException(status, fallbackTitle, Shorten(body), retryAfter: retryAfter);
            }

            var extensions = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var member in root.EnumerateObject())
            {
                if (!Standard.Contains(member.Name))
                {
                    extensions[member.Name] = member.Value.Clone();
                }
            }

            return new CanvassApiException(status, String(root, "title") ?? fallbackTitle, String(root, "detail"),
                String(root, "type"), extensions, retryAfter);
        }
        catch (JsonException)
        {
            return new CanvassApiException(status, fallbackTitle, Shorten(body), retryAfter: retryAfter);
        }
    }

    private static bool LooksLikeJson(HttpResponseMessage response, string body) =>
        response.Content.Headers.ContentType?.MediaType is { } media
            ? media.EndsWith("json", StringComparison.OrdinalIgnoreCase)
            : body.TrimStart().StartsWith('{');

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Shorten(string body) => body.Length <= 500 ? body : body[..500] + "…";

    public static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and < 300;
}
