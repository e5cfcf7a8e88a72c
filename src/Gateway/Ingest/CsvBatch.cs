using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Canvass.Contracts.Reports;
using nietras.SeparatedValues;

namespace Canvass.Gateway.Ingest;

/// <summary>
/// Reads a CSV batch of any report kind (Sep does the CSV: quotes, escapes, line ends) into the same items a JSON
/// batch gives. The header names the columns by the kind's JSON member names, in any case and order; each row is
/// turned into the item's JSON and read by the kind's own <see cref="JsonTypeInfo{T}"/>, so a CSV item is exactly
/// the JSON one. A list member (<c>residents</c>, <c>readings</c>) is a <c>;</c>-separated cell, one entry per
/// item, the entry's members separated by <c>:</c> in their declared order (<c>healthy;fever</c>,
/// <c>normal:36.6;fever:38.2</c>). A row that does not parse is rejected alone, with its row and column.
/// </summary>
public static class CsvBatch
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Whether <paramref name="charset"/> (the content type's, or null) is one this reader takes: UTF-8 or none.</summary>
    public static bool IsUtf8(string? charset) =>
        string.IsNullOrEmpty(charset) || charset.Trim('"').ToLowerInvariant() is "utf-8" or "utf8";

    public static BatchRead<T> Parse<T>(ReadOnlySpan<byte> body, int maxReports, JsonTypeInfo<T> item, string? idName)
        where T : class
    {
        if (body.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || body.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return BodyProblem.Malformed("The body is UTF-16 (it begins with a UTF-16 byte order mark): send CSV in UTF-8, with or without a byte order mark.");
        }

        if (Decode(body) is not { } text)
        {
            return BodyProblem.Malformed($"The body is not UTF-8 (byte {FirstInvalid(body)} is not valid UTF-8; GBK and other encodings are not read): send CSV in UTF-8 (a spreadsheet's 'CSV UTF-8'), with or without a byte order mark.");
        }

        SepReader reader;
        try
        {
            reader = Sep.New(',').Reader(o => o with { HasHeader = true, Unescape = true, DisableColCountCheck = true, Trim = SepTrim.Outer })
                .FromText(text);
        }
        catch (ArgumentException e)
        {
            // Sep refuses a header that names one column twice; its message says which.
            return BodyProblem.Malformed($"Row 1: the header does not name each column once ({e.Message.TrimEnd('.')}).");
        }

        using var _ = reader;
        var header = reader.Header.ColNames;
        if (header.Count == 0 || header.All(string.IsNullOrWhiteSpace))
        {
            return BodyProblem.Malformed("The body has no header row: the first row names the columns (reportId, siteId, …).");
        }

        var columns = new JsonPropertyInfo[header.Count];
        for (var c = 0; c < header.Count; c++)
        {
            var name = header[c].Trim();
            var property = item.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                return BodyProblem.Malformed($"Row 1, column {c + 1}: '{name}' is not a column of this batch; the columns are {string.Join(", ", item.Properties.Select(p => p.Name))}.");
            }

            if (Array.IndexOf(columns, property) >= 0)
            {
                return BodyProblem.Malformed($"Row 1, column {c + 1}: '{name}' is named twice.");
            }

            columns[c] = property;
        }

        var items = new List<T>();
        var rows = new List<int>();
        var unparsed = new List<ReportResult>();
        var json = new ArrayBufferWriter<byte>();
        var idColumn = Array.FindIndex(columns, p => p.Name == idName);
        foreach (var row in reader)
        {
            // The header is row 1, as a spreadsheet numbers it.
            var number = row.RowIndex + 1;
            if (row.ColCount == 1 && row[0].Span.IsWhiteSpace())
            {
                continue;
            }

            if (items.Count + unparsed.Count == maxReports)
            {
                return BodyProblem.TooLarge($"The batch holds more than {maxReports} reports; at most {maxReports} are allowed. Split it.");
            }

            var cells = new string[Math.Min(row.ColCount, columns.Length)];
            for (var c = 0; c < cells.Length; c++)
            {
                cells[c] = row[c].ToString();
            }

            var id = idColumn >= 0 && idColumn < cells.Length && cells[idColumn].Length > 0 ? cells[idColumn] : null;
            var error = row.ColCount == columns.Length ? null
                : row.ColCount > columns.Length
                    ? At(number, (columns.Length + 1).ToString(CultureInfo.InvariantCulture), $"the row has {row.ColCount} columns, the header {columns.Length}.")
                    : At(number, columns[row.ColCount].Name, $"missing: the row has {row.ColCount} columns, the header {columns.Length}.");
            T? parsed = null;
            if (error is null)
            {
                (parsed, error) = Read(cells, columns, number, json, item);
            }

            if (parsed is null)
            {
                unparsed.Add(new ReportResult(id, Contracts.Screening.ReportStatus.Rejected, error, Row: number));
                continue;
            }

            items.Add(parsed);
            rows.Add(number);
        }

        return new BatchRead<T>(items, null, new CsvRows(rows, unparsed, [.. columns.Select(p => p.Name)]));
    }

    /// <summary>One row as the item's JSON, then read by the kind's own reader; an error names the cell.</summary>
    private static (T? Item, string? Error) Read<T>(string[] cells, JsonPropertyInfo[] columns, int row, ArrayBufferWriter<byte> json, JsonTypeInfo<T> item)
        where T : class
    {
        json.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            for (var c = 0; c < cells.Length; c++)
            {
                if (!CsvCells.TryWrite(writer, columns[c], cells[c], out var error))
                {
                    return (null, At(row, columns[c].Name, error));
                }
            }

            writer.WriteEndObject();
        }

        try
        {
            return (JsonSerializer.Deserialize(json.WrittenSpan, item), null);
        }
        catch (JsonException e)
        {
            // The item's own reader refused a cell (a time without an offset, a text where a date belongs).
            var path = e.Path?.TrimStart('$', '.') ?? "";
            var cut = path.IndexOfAny(['[', '.']);
            var name = cut < 0 ? path : path[..cut];
            var c = Array.FindIndex(columns, p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            return c < 0
                ? (null, string.Create(CultureInfo.InvariantCulture, $"Row {row}: the row does not read as an item ({path})."))
                : (null, At(row, columns[c].Name, $"'{cells[c]}' is not {CsvCells.Expected(columns[c].PropertyType)}."));
        }
    }

    /// <summary>The text of an error at one cell: <c>Row 3, column screenedAt: …</c>.</summary>
    private static string At(int row, string column, string error) =>
        string.Create(CultureInfo.InvariantCulture, $"Row {row}, column {column}: {error}");

    private static string? Decode(ReadOnlySpan<byte> body)
    {
        var start = body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        try
        {
            return StrictUtf8.GetString(body[start..]);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static int FirstInvalid(ReadOnlySpan<byte> body)
    {
        System.Text.Unicode.Utf8.ToUtf16(body, new char[body.Length], out var read, out _, replaceInvalidSequences: false);
        return read + 1;
    }
}
