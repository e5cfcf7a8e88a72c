using System.Globalization;
using Canvass.Gateway.Exports;
using MiniExcelLibs;

namespace Canvass.Gateway.DailyReports;

/// <summary>
/// A daily report as an Excel workbook: one row for the unit, then one per child, with the cut-off on every row so
/// that a sheet copied elsewhere still says what time its figures are; the late arrivals on the unit's row.
/// </summary>
public static class DailyReportSheet
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    // The exports' column keys, so that a sheet names a figure as every other download does.
    private static readonly string[] Columns =
    [
        "date", "cutOff", "code", "name", "level", "registeredHouseholds", "screenedHouseholds", "absentHouseholds",
        "refusedHouseholds", "coverage", "residents.fever", "sites", "staleSites", "closedSites", "openAlerts",
        "lateHouseholdReports", "lateCheckpointReports",
    ];

    /// <summary>The workbook's bytes (a report is small: a unit and its children).</summary>
    public static async Task<byte[]> WriteAsync(DailyReport report, bool chinese, CancellationToken cancellationToken)
    {
        var headers = Columns.Select(c => ExportHeaders.Of(c, chinese ? "zh" : "en")).ToArray();
        var rows = new List<Dictionary<string, object?>> { Row(report, report.Unit, headers, report.LateForPreviousDay) };
        rows.AddRange(report.Children.Select(child => Row(report, child, headers, late: null)));
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(rows, sheetName: chinese ? "日报" : "Daily report", cancellationToken: cancellationToken);
        return stream.ToArray();
    }

    private static Dictionary<string, object?> Row(DailyReport report, UnitSummary unit, string[] h, LateArrivalCounts? late) => new()
    {
        [h[0]] = report.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        [h[1]] = report.CutOff.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture),
        [h[2]] = unit.Id,
        [h[3]] = unit.Name,
        [h[4]] = unit.Level,
        [h[5]] = unit.RegisteredHouseholds,
        [h[6]] = unit.ScreenedHouseholds,
        [h[7]] = unit.AbsentHouseholds,
        [h[8]] = unit.RefusedHouseholds,
        [h[9]] = ExportTables.CoveragePercent(unit),
        [h[10]] = unit.Residents.Fever,
        [h[11]] = unit.Sites,
        [h[12]] = unit.StaleSites,
        [h[13]] = unit.ClosedSites,
        [h[14]] = unit.OpenAlerts,
        [h[15]] = late?.Households,
        [h[16]] = late?.Checkpoints,
    };
}
