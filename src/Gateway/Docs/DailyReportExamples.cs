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

    public static DailyReportPublished Published { get; } = new(new DateOnly(2020, 2, 3), CommunityId, $"/api/daily-reports/2020-02-03?unit={CommunityId}");
}
