using System.Text.Json;

namespace Canvass.Client.Json;

/// <summary>The wire's JSON shape: web defaults (camelCase, case-insensitive reads), enums as camelCase strings.</summary>
public static class CanvassJson
{
    /// <summary>Read-only options for the REST API and the hub alike.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Gives <paramref name="options"/> the wire's shape; the hub connection's payload options get it too.</summary>
    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        return options;
    }

    private static JsonSerializerOptions Create()
    {
        var options = Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
