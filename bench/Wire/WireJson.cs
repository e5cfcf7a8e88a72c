using System.Text.Json;
using System.Text.Json.Serialization;

namespace Canvass.Bench.Wire;

/// <summary>Source-generated serializers for the replies the bench parses, with the server's camelCase names.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IngestReply))]
[JsonSerializable(typeof(UnitSummary))]
public sealed partial class WireJson : JsonSerializerContext;
