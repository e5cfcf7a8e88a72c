using System.Text.Json;
using System.Text.Json.Serialization;

namespace Canvass.Abstractions.Wire;

/// <summary>
/// The JSON shape of the wire types, in one place for the gateway (REST and SignalR) and the silo (unit history
/// kept as JSON): web defaults, camelCase, enums as the strings they name.
/// </summary>
public static class WireJsonOptions
{
    /// <summary>Read-only options of that shape, resolving types by reflection.</summary>
    public static JsonSerializerOptions Default { get; } = Create();

    /// <summary>Gives <paramref name="options"/> the wire's naming and enum handling.</summary>
    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }

    private static JsonSerializerOptions Create()
    {
        var options = Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
