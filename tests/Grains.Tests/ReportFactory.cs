using Canvass.Abstractions.Screening;

namespace Canvass.Grains.Tests;

/// <summary>Builds reports for tests.</summary>
internal static class ReportFactory
{
    public static SiteReport Screened(string id, int household, DateTimeOffset at, params ResidentStatus[] residents)
    {
        Span<long> counts = stackalloc long[ResidentCounts.StatusCount];
        foreach (var status in residents)
        {
            counts[(int)status]++;
        }

        return new SiteReport(id, household, at, "w-1", ScreeningOutcome.Screened, ResidentCounts.From(counts));
    }

    public static SiteReport Visited(string id, int household, DateTimeOffset at, ScreeningOutcome outcome) =>
        new(id, household, at, "w-1", outcome, ResidentCounts.Zero);
}
