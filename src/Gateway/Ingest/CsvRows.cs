using Canvass.Contracts.Reports;

namespace Canvass.Gateway.Ingest;

/// <summary>
/// Where the items of a CSV batch came from: the row of each item handed to the pipeline, and the rows refused
/// before it (a wrong number of cells, a cell that is not its column's type). <see cref="Number"/> puts them together.
/// </summary>
public sealed class CsvRows(IReadOnlyList<int> itemRows, IReadOnlyList<ReportResult> refused, IReadOnlyList<string> columns)
{
    /// <summary>The rows refused before the pipeline, each with its row and error.</summary>
    public IReadOnlyList<ReportResult> Refused => refused;

    /// <summary>The pipeline's results numbered by row, the refused rows among them in file order, and the counts with them.</summary>
    public IngestResult Number(IngestResult result)
    {
        var merged = new List<ReportResult>(result.Results.Count + refused.Count);
        var next = 0;
        for (var i = 0; i < result.Results.Count; i++)
        {
            var row = itemRows[i];
            while (next < refused.Count && refused[next].Row < row)
            {
                merged.Add(refused[next++]);
            }

            var item = result.Results[i];
            merged.Add(item with { Row = row, Error = item.Error is null ? null : Locate(row, item.Error) });
        }

        merged.AddRange(refused.Skip(next));
        return result with { Rejected = result.Rejected + refused.Count, Results = merged };
    }

    /// <summary>"Row 3, column household: household 0 is outside …": the column is the member the check's message begins with.</summary>
    private string Locate(int row, string error)
    {
        var end = error.IndexOfAny([' ', '[', '.', '\'']);
        var first = end < 0 ? error : error[..end];
        var column = first == "site" ? "siteId" : columns.FirstOrDefault(c => string.Equals(c, first, StringComparison.OrdinalIgnoreCase));
        return column is null ? $"Row {row}: {error}" : $"Row {row}, column {column}: {error}";
    }
}
