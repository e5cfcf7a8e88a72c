using System.Text.Json;
using System.Text.Json.Serialization;
using Canvass.Contracts.Reports;

namespace Canvass.Bench.Wire;

/// <summary>
/// Source-generated serializers for the replies and pushes the bench parses: the wire contract's types, and the
/// fan-out's trimmed reading of a frame (<see cref="UnitPushFrame"/>). The fanout subscribers hand it to the SignalR
/// client too: thousands of connections parse every push.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IngestResult))]
[JsonSerializable(typeof(UnitSummary))]
[JsonSerializable(typeof(UnitSummary[]))]
[JsonSerializable(typeof(UnitSnapshot))]
[JsonSerializable(typeof(UnitsFrame))]
[JsonSerializable(typeof(SubscribeManyRequest))]
[JsonSerializable(typeof(SubscribeManyResult))]
[JsonSerializable(typeof(UnitPush))]
[JsonSerializable(typeof(UnitPushFrame))]
public sealed partial class WireJson : JsonSerializerContext;
