using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Canvass.Gateway.Ingest;

/// <summary>
/// One CSV cell as the JSON member it stands for, by the member's type: a number, <c>true</c>/<c>false</c>, a text
/// (times too: the item's reader checks them), or a list of <c>;</c>-separated entries whose members are separated
/// by <c>:</c>. An empty cell is an absent member (an empty list for a list), so that the item's own checks say
/// what is missing.
/// </summary>
internal static class CsvCells
{
    public static bool TryWrite(Utf8JsonWriter writer, JsonPropertyInfo property, string cell, out string error)
    {
        error = "";
        var value = cell.Trim();
        if (ListElement(property.PropertyType) is { } element)
        {
            writer.WritePropertyName(property.Name);
            writer.WriteStartArray();
            var members = property.Options.GetTypeInfo(element).Properties;
            foreach (var entry in value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = entry.Split(':', StringSplitOptions.TrimEntries);
                if (parts.Length > members.Count)
                {
                    error = $"entry '{entry}' has {parts.Length} parts separated by ':'; at most {members.Count} ({string.Join(":", members.Select(m => m.Name))}).";
                    return false;
                }

                writer.WriteStartObject();
                for (var m = 0; m < parts.Length; m++)
                {
                    if (parts[m].Length > 0 && !TryWriteScalar(writer, members[m], parts[m], out error))
                    {
                        return false;
                    }
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            return true;
        }

        return value.Length == 0 || TryWriteScalar(writer, property, value, out error);
    }

    /// <summary>What a cell of a type must hold, for an error.</summary>
    public static string Expected(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) || t == typeof(long) => "a whole number",
        var t when t == typeof(double) || t == typeof(decimal) => "a number (with a '.' for decimals)",
        var t when t == typeof(bool) => "true or false",
        var t when t == typeof(DateTimeOffset) => "a time with an offset (2020-02-03T09:30:00+08:00)",
        _ => "a value of this column",
    };

    private static bool TryWriteScalar(Utf8JsonWriter writer, JsonPropertyInfo property, string value, out string error)
    {
        error = "";
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var ok = true;
        writer.WritePropertyName(property.Name);
        if (type == typeof(int) || type == typeof(long))
        {
            ok = long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole);
            writer.WriteNumberValue(whole);
        }
        else if (type == typeof(double) || type == typeof(decimal))
        {
            ok = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number);
            writer.WriteNumberValue(ok ? number : 0);
        }
        else if (type == typeof(bool))
        {
            ok = bool.TryParse(value, out var flag);
            writer.WriteBooleanValue(flag);
        }
        else
        {
            writer.WriteStringValue(value);
        }

        if (!ok)
        {
            error = $"'{value}' is not {Expected(type)}.";
        }

        return ok;
    }

    private static Type? ListElement(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? Nullable.GetUnderlyingType(type.GetGenericArguments()[0]) ?? type.GetGenericArguments()[0] : null;
}
