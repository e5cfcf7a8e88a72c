using System.Net;
using System.Text.Json;

namespace Canvass.Client;

/// <summary>
/// The server answered a request with an error: its <c>application/problem+json</c> body (status, title, detail and any
/// extension members), or the bare status when the body was not a problem.
/// </summary>
public sealed class CanvassApiException : Exception
{
    public CanvassApiException(HttpStatusCode status, string title, string? detail, string? type = null,
        IReadOnlyDictionary<string, JsonElement>? extensions = null, TimeSpan? retryAfter = null)
        : base(detail is null ? $"{(int)status} {title}" : $"{(int)status} {title}: {detail}")
    {
        Status = status;
        Title = title;
        Detail = detail;
        Type = type;
        Extensions = extensions ?? new Dictionary<string, JsonElement>();
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status: 404 for an unknown unit or alert, 400 for a bad query or body, 409 for an alert already acknowledged...</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The problem's title, such as <c>Unknown unit</c>; the reason phrase when the body was not a problem.</summary>
    public string Title { get; }

    /// <summary>What is wrong and what to do, in the server's words.</summary>
    public string? Detail { get; }

    /// <summary>The problem's type URI, when it has one.</summary>
    public string? Type { get; }

    /// <summary>Members of the problem beyond the standard ones (a 409 on acknowledgement carries the <c>alert</c>).</summary>
    public IReadOnlyDictionary<string, JsonElement> Extensions { get; }

    /// <summary>How long the server asked to wait before resending (a 503 on ingest: resending the same batch is safe).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Reads an extension member as <typeparamref name="T"/>, or gives false when the problem has none by that name.</summary>
    public bool TryGetExtension<T>(string name, out T? value)
    {
        if (Extensions.TryGetValue(name, out var element))
        {
            value = element.Deserialize<T>(WireJsonOptions.Default);
            return true;
        }

        value = default;
        return false;
    }
}
