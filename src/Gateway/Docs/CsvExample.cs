using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using nietras.SeparatedValues;

namespace Canvass.Gateway.Docs;

/// <summary>
/// A batch's JSON example written as the CSV the ingest routes read (<c>Ingest/CsvBatch</c>): one column per member,
/// a list as <c>;</c>-separated entries whose members are separated by <c>:</c>. So the documented CSV is the JSON
/// example itself, and a test reads it back through the real reader.
/// </summary>
public static class CsvExample
{
    public static string Write(IEnumerable items, JsonSerializerOptions options)
    {
        var rows = items.Cast<object>().Select(item => JsonSerializer.SerializeToNode(item, item.GetType(), options)!.AsObject()).ToList();
        var columns = rows.SelectMany(row => row.Select(member => member.Key)).Distinct().ToList();
        using var writer = Sep.New(',').Writer(o => o with { Escape = true }).ToText();
        foreach (var row in rows)
        {
            using var line = writer.NewRow();
            foreach (var column in columns)
            {
                line[column].Set(row.TryGetPropertyValue(column, out var value) ? Cell(value) : "");
            }
        }

        return writer.ToString();
    }

    private static string Cell(JsonNode? node) => node switch
    {
        null => "",
        JsonArray list => string.Join(';', list.Select(entry => entry is JsonObject members
            ? string.Join(':', members.Select(m => Cell(m.Value)))
            : Cell(entry))),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value => value.ToJsonString(),
        _ => node.ToJsonString(),
    };
}
