using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Canvass.Abstractions.Units;
using Canvass.Gateway.Ingest;

namespace Canvass.Gateway.Hosting;

/// <summary>The one JSON shape of the wire, for REST and SignalR alike: camelCase, enums as camelCase strings.</summary>
public static class WireJson
{
    public static WireJsonContext Context { get; } = new(Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web)));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter());
        // Generated metadata for the hot wire types, reflection for the rest (hub arguments, problem details).
        options.TypeInfoResolver = JsonTypeInfoResolver.Combine(WireJsonContext.Default, options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver());

        return options;
    }
}

[JsonSerializable(typeof(List<ReportDto>))]
[JsonSerializable(typeof(ReportDto))]
[JsonSerializable(typeof(List<CheckpointDto>))]
[JsonSerializable(typeof(CheckpointDto))]
[JsonSerializable(typeof(IngestResponse))]
[JsonSerializable(typeof(UnitSummary))]
[JsonSerializable(typeof(UnitSnapshot))]
[JsonSerializable(typeof(IReadOnlyList<UnitSummary>))]
public sealed partial class WireJsonContext : JsonSerializerContext;
