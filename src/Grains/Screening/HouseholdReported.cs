using Canvass.Abstractions.Screening;

namespace Canvass.Grains.Screening;

/// <summary>
/// The one change a site undergoes: a household was reported on. Applying the same events in the same order
/// always gives the same state, which is what lets a journal replay them.
/// </summary>
[GenerateSerializer, Immutable, Alias("canvass.HouseholdReported.v1")]
public sealed record HouseholdReported(
    [property: Id(0)] string ReportId,
    [property: Id(1)] int Household,
    [property: Id(2)] long ScreenedAtUtcTicks,
    [property: Id(3)] ScreeningOutcome Outcome,
    [property: Id(4)] ResidentCounts Residents,
    [property: Id(5)] string ScreenerId)
{
    public static HouseholdReported From(SiteReport report) => new(
        report.ReportId,
        report.Household,
        report.ScreenedAt.UtcTicks,
        report.Outcome,
        report.Outcome == ScreeningOutcome.Screened ? report.Residents : ResidentCounts.Zero,
        report.ScreenerId);
}
