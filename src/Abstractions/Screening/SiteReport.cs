namespace Canvass.Abstractions.Screening;

/// <summary>
/// One household screening report, already checked for shape by the gateway, as handed to a site grain.
/// </summary>
/// <param name="ReportId">Idempotency key: the same id again at the same site changes nothing.</param>
/// <param name="Household">Household number, 1..registered households of the site.</param>
/// <param name="ScreenedAt">When the team screened the household; the newest report of a household wins.</param>
/// <param name="ScreenerId">The team member who reported; kept for audit, never logged.</param>
/// <param name="Outcome">Screened, absent or refused.</param>
/// <param name="Residents">Residents by status; all zero unless screened.</param>
[GenerateSerializer, Immutable, Alias("canvass.SiteReport")]
public sealed record SiteReport(
    [property: Id(0)] string ReportId,
    [property: Id(1)] int Household,
    [property: Id(2)] DateTimeOffset ScreenedAt,
    [property: Id(3)] string ScreenerId,
    [property: Id(4)] ScreeningOutcome Outcome,
    [property: Id(5)] ResidentCounts Residents);
