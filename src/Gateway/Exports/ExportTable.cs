namespace Canvass.Gateway.Exports;

/// <summary>
/// One export before it is written: a file name, the columns (by key, see <see cref="ExportHeaders"/>) and the rows,
/// produced as they are written. A cell is a number (long, int, double), a text or null (empty).
/// </summary>
/// <param name="FileName">The download's name without its extension (<c>440304005-children-20200203T1200</c>).</param>
/// <param name="Columns">The column keys, in order.</param>
/// <param name="Rows">One cell per column in each row.</param>
public sealed record ExportTable(string FileName, IReadOnlyList<string> Columns, IEnumerable<object?[]> Rows);

/// <summary>The formats an export is written in, by the route's extension.</summary>
public enum ExportFormat
{
    Csv,
    Xlsx,
}
