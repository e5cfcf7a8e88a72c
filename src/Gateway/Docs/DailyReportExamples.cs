using static Canvass.Gateway.Docs.ApiExamples;

namespace Canvass.Gateway.Docs;

/// <summary>The OpenAPI examples of daily reports (see <see cref="ApiExamples"/>): the community's report of 3 February 2020.</summary>
internal static class DailyReportExamples
{
    public static DailyReportDate[] Dates { get; } =
    [
        new(new DateOnly(2020, 2, 2), At(3, 0), At(3, 0, 2)),
        new(new DateOnly(2020, 2, 3), At(4, 0), At(4, 0, 2)),
    ];

    public static DailyReport Report { get; } = new(new DateOnly(2020, 2, 3), At(4, 0), At(4, 0, 2), Community, Children, new LateArrivalCounts(37, 2));

    /// <summary>What the workbook holds, for the document: the body itself is binary (an .xlsx file).</summary>
    public const string Workbook = "(binary) one sheet: Date, Cut-off, Code, Name, Level, Registered households, Screened households, Absent households, Refused households, Coverage %, Residents fever, Sites, Stale sites, Closed sites, Open alerts, Late household reports, Late checkpoint reports (the exports' headers); the unit's row first, then one per child";
}
