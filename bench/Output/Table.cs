using System.Text;

namespace Canvass.Bench.Output;

/// <summary>A plain text table: the first column left-aligned, the figures right-aligned.</summary>
public sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public Table Row(params string[] cells)
    {
        _rows.Add(cells);
        return this;
    }

    public override string ToString()
    {
        var widths = headers.Select((h, i) => _rows.Select(r => i < r.Length ? r[i].Length : 0).Prepend(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        Append(text, headers, widths);
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in _rows)
        {
            Append(text, row, widths);
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, string[] cells, int[] widths)
    {
        for (var i = 0; i < widths.Length; i++)
        {
            var cell = i < cells.Length ? cells[i] : "";
            text.Append(i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]));
            text.Append(i < widths.Length - 1 ? "  " : "");
        }

        text.AppendLine();
    }
}
