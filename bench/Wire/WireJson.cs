using System.Text.Json;
using System.Text.Json.Serialization;

namespace Canvass.Bench.Wire;

/// <summary>
/// Source-generated serializers for the replies and pushes the bench parses, with the server's camelCase names. The
/// fanout subscribers hand it to the SignalR client too: thousands of connections parse every push.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IngestReply))]
[JsonSerializable(typeof(UnitSummary))]
[JsonSerializable(typeof(UnitSummary[]))]
[JsonSerializable(typeof(UnitSnapshot))]
[JsonSerializable(typeof(UnitPush))]
[JsonSerializable(typeof(UnitPushFrame))]
public sealed partial class WireJson : JsonSerializerContext;
