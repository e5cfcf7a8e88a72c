using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Canvass.Contracts.Json;

/// <summary>
/// Enums as the strings the wire names them: each member's <see cref="JsonStringEnumMemberNameAttribute"/>, or its
/// camelCase name. An enum with an <c>Unknown</c> member reads a name it does not know as <c>Unknown</c>, so that a
/// newer server adding a kind does not break an older reader; any other enum refuses it.
/// </summary>
public sealed class WireEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    private static readonly Dictionary<TEnum, string> ToName = typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static)
        .ToDictionary(f => (TEnum)f.GetValue(null)!, f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(f.Name));

    private static readonly Dictionary<string, TEnum> ByName = ToName.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);

    private static readonly TEnum? Fallback = Enum.TryParse<TEnum>("Unknown", out var unknown) ? unknown : null;

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string naming a {typeof(TEnum).Name}, found {reader.TokenType}.");
        }

        var name = reader.GetString()!;
        return ByName.TryGetValue(name, out var value) ? value : Fallback ?? throw new JsonException($"'{name}' is not a {typeof(TEnum).Name}.");
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToName.TryGetValue(value, out var name) ? name : JsonNamingPolicy.CamelCase.ConvertName(value.ToString()));

    /// <summary>The names of the members a writer may send: all but <c>Unknown</c>, which only a reader produces.</summary>
    public static IEnumerable<string> WireNames => ToName.Where(p => Fallback is null || !p.Key.Equals(Fallback.Value)).Select(p => p.Value);
}
