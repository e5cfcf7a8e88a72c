using System.Text.Json;

namespace Canvass.Contracts.Json;

/// <summary>
/// The JSON shape of the wire, in one place for the gateway (REST, SignalR, the event stream), the silo (webhook
/// bodies, history kept as JSON), the client library and the bench: web defaults (camelCase, case-insensitive
/// reads), and enums as the strings <see cref="WireEnumConverter{TEnum}"/> names, which every contract enum declares.
/// </summary>
public static class WireJsonOptions
{
    /// <summary>Read-only options of that shape, resolving types by reflection.</summary>
    public static JsonSerializerOptions Default { get; } = Create();

    /// <summary>Gives <paramref name="options"/> the wire's naming; the hub connection's payload options get it too.</summary>
    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
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
