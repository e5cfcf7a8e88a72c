using System.Text.Json;
using System.Text.Json.Serialization;

namespace Canvass.Client.Json;

/// <summary>
/// Enums as the camelCase strings the server writes (<c>keyAreaObservation</c>, <c>checkpointOpen</c>). An enum with
/// an <c>Unknown</c> member reads a name it does not know as <c>Unknown</c>, so that a newer server adding a kind
/// does not break an older client; any other enum refuses it.
/// </summary>
public sealed class CamelCaseEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    private static readonly Dictionary<string, TEnum> ByName = Enum.GetValues<TEnum>()
        .ToDictionary(v => JsonNamingPolicy.CamelCase.ConvertName(v.ToString()), StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<TEnum, string> ToName = ByName.ToDictionary(p => p.Value, p => p.Key);

    private static readonly TEnum? Fallback = Enum.TryParse<TEnum>("Unknown", out var unknown) ? unknown : null;

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string naming a {typeof(TEnum).Name}, found {reader.TokenType}.");
        }

        var name = reader.GetString()!;
        if (ByName.TryGetValue(name, out var value))
        {
            return value;
        }

        return Fallback ?? throw new JsonException($"'{name}' is not a {typeof(TEnum).Name}.");
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToName.TryGetValue(value, out var name) ? name : JsonNamingPolicy.CamelCase.ConvertName(value.ToString()));
}
