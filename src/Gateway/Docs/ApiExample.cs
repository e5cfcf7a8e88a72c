namespace Canvass.Gateway.Docs;

/// <summary>
/// Endpoint metadata: an example of a request body (<see cref="Status"/> null) or of a response with that status,
/// serialized with the wire's JSON options when the document is built, so it has exactly the shape the API sends.
/// </summary>
/// <param name="Name">Names the example where one status has several (shown as a choice); null for the only one.</param>
internal sealed record ApiExample(int? Status, object Value, Type Type, string? Name = null)
{
    /// <summary>A request body's media types.</summary>
    public IReadOnlyList<string> ContentTypes { get; init; } = [];
}
