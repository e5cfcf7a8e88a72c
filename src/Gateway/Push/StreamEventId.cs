using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Canvass.Gateway.Push;

/// <summary>
/// The id of an event of a stream: base64url of a JSON object of unit id → the latest version sent on the stream
/// (<c>{"440304":123,"440304001":45}</c>), so that one id, handed back as <c>Last-Event-ID</c>, says where the client
/// stands on every unit.
/// </summary>
public static class StreamEventId
{
    public static string Encode(IReadOnlyDictionary<string, long> versions) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(versions, EventIdJson.Default.IReadOnlyDictionaryStringInt64));

    /// <summary>The versions an id carries; null when it is not such an id.</summary>
    public static IReadOnlyDictionary<string, long>? Decode(string id)
    {
        try
        {
            return JsonSerializer.Deserialize(Base64Url.DecodeFromChars(id), EventIdJson.Default.IReadOnlyDictionaryStringInt64);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}

/// <summary>Unit ids are keys, so no naming policy applies.</summary>
[JsonSerializable(typeof(IReadOnlyDictionary<string, long>))]
internal sealed partial class EventIdJson : JsonSerializerContext;
