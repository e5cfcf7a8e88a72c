using System.Globalization;
using System.Text;
using MiniExcelLibs;
using nietras.SeparatedValues;

namespace Canvass.Gateway.Exports;

/// <summary>
/// Writes an <see cref="ExportTable"/> as the download it is: CSV (Sep; UTF-8 with a byte order mark, so that a
/// spreadsheet reads Chinese headers right) sent a few hundred rows at a time, or XLSX (MiniExcel, which writes the
/// sheet row by row) through a temporary file, since Kestrel refuses synchronous writes on the response and a zip
/// archive is not promised to write asynchronously; the file being written holds one row in memory at a time.
/// </summary>
public static class ExportWriter
{
    private const int RowsPerWrite = 256;

    public static IResult Result(ExportTable table, ExportFormat format, string lang) => format == ExportFormat.Csv
        ? Results.Stream(body => WriteCsvAsync(body, table, lang), "text/csv; charset=utf-8", table.FileName + ".csv")
        : Results.Stream(body => WriteXlsxAsync(body, table, lang), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", table.FileName + ".xlsx");

    public static async Task WriteCsvAsync(Stream body, ExportTable table, string lang)
    {
        await body.WriteAsync(Encoding.UTF8.Preamble.ToArray());
        var text = new StringWriter(CultureInfo.InvariantCulture);
        using var writer = Sep.New(',').Writer(o => o with { WriteHeader = false, Escape = true }).To(text);
        Write(writer, [.. table.Columns.Select(c => ExportHeaders.Of(c, lang))]);
        var count = 0;
        foreach (var cells in table.Rows)
        {
            Write(writer, cells);
            if (++count % RowsPerWrite == 0)
            {
                await FlushAsync(writer, text, body);
            }
        }

        await FlushAsync(writer, text, body);
    }

    public static async Task WriteXlsxAsync(Stream body, ExportTable table, string lang)
    {
        var headers = table.Columns.Select(c => ExportHeaders.Of(c, lang)).ToArray();
        var rows = table.Rows.Select(cells =>
        {
            var row = new Dictionary<string, object?>(headers.Length);
            for (var i = 0; i < headers.Length; i++)
            {
                row[headers[i]] = cells[i];
            }

            return (IDictionary<string, object?>)row;
        });
        var path = Path.GetTempFileName();
        await using var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await MiniExcel.SaveAsAsync(file, rows, sheetName: "Canvass", excelType: ExcelType.XLSX);
        file.Position = 0;
        await file.CopyToAsync(body);
    }

    private static void Write(SepWriter writer, IReadOnlyList<object?> cells)
    {
        using var row = writer.NewRow();
        for (var i = 0; i < cells.Count; i++)
        {
            row[i].Set(Text(cells[i]));
        }
    }

    /// <summary>A cell as CSV text: numbers invariant, booleans as on the wire, text that a spreadsheet would run as a formula quoted.</summary>
    internal static string Text(object? cell) => cell switch
    {
        null => "",
        // A unit name or an acknowledgement note starting "=", "+", "-" or "@" would run as a formula when the file is
        // opened; a leading apostrophe shows it as the text it is (OWASP's advice). XLSX cells are typed strings already.
        string text when text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' => "'" + text,
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };

    private static async Task FlushAsync(SepWriter writer, StringWriter text, Stream body)
    {
        writer.Flush();
        var chunk = text.GetStringBuilder();
        await body.WriteAsync(Encoding.UTF8.GetBytes(chunk.ToString()));
        chunk.Clear();
    }
}
