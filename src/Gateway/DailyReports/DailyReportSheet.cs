using System.Globalization;
using MiniExcelLibs;

namespace Canvass.Gateway.DailyReports;

/// <summary>
/// A daily report as an Excel workbook: one row for the unit, then one per child, with the cut-off on every row so
/// that a sheet copied elsewhere still says what time its figures are; the late arrivals on the unit's row.
/// </summary>
public static class DailyReportSheet
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly string[] English =
    [
        "Date", "Cut-off", "Unit id", "Unit", "Level", "Registered households", "Screened households", "Absent households",
        "Refused households", "Coverage", "Fever", "Sites", "Stale sites", "Closed sites", "Open alerts",
        "Late household reports", "Late checkpoint reports",
    ];

    private static readonly string[] Chinese =
    [
        "日期", "截止时间", "单位编码", "单位", "层级", "登记户数", "已排查户数", "不在家户数",
        "拒绝户数", "覆盖率", "发热", "小区数", "失联小区", "封闭管理小区", "未处理告警",
        "迟报户数", "迟报卡口数",
    ];

    /// <summary>The workbook's bytes (a report is small: a unit and its children).</summary>
    public static async Task<byte[]> WriteAsync(DailyReport report, bool chinese, CancellationToken cancellationToken)
    {
        var headers = chinese ? Chinese : English;
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
        [h[9]] = unit.RegisteredHouseholds == 0 ? 0d : Math.Round((double)unit.ScreenedHouseholds / unit.RegisteredHouseholds, 4),
        [h[10]] = unit.Residents.Fever,
        [h[11]] = unit.Sites,
        [h[12]] = unit.StaleSites,
        [h[13]] = unit.ClosedSites,
        [h[14]] = unit.OpenAlerts,
        [h[15]] = late?.Households,
        [h[16]] = late?.Checkpoints,
    };
}
