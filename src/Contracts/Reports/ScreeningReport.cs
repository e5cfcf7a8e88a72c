using Canvass.Contracts.Screening;

namespace Canvass.Contracts.Reports;

/// <summary>One household screening report, as <c>POST /api/reports</c> takes it.</summary>
public sealed record ScreeningReport
{
    /// <summary>Idempotency key per site (at most 128 characters): the same id again is a duplicate and changes nothing, so a batch can be resent safely.</summary>
    public required string ReportId { get; init; }

    /// <summary>The site visited (a compound or an urban village).</summary>
    public required string SiteId { get; init; }

    /// <summary>Household number, 1..the site's registered households.</summary>
    public required int Household { get; init; }

    /// <summary>When the team screened the household, with an offset; a household's newest report wins.</summary>
    public required DateTimeOffset ScreenedAt { get; init; }

    /// <summary>The team member reporting (an id, no name); kept for audit, never logged.</summary>
    public required string ScreenerId { get; init; }

    public ScreeningOutcome Outcome { get; init; } = ScreeningOutcome.Screened;

    /// <summary>One entry per resident when screened (no personal data); empty otherwise.</summary>
    public IReadOnlyList<Resident> Residents { get; init; } = [];

    /// <summary>A screened household with one resident per status given.</summary>
    public static ScreeningReport Screened(string reportId, string siteId, int household, DateTimeOffset screenedAt, string screenerId, params ResidentStatus[] residents) => new()
    {
        ReportId = reportId,
        SiteId = siteId,
        Household = household,
        ScreenedAt = screenedAt,
        ScreenerId = screenerId,
        Residents = [.. residents.Select(s => new Resident(s))],
    };
}

/// <summary>One resident of a screened household: a status, nothing personal.</summary>
public sealed record Resident(ResidentStatus Status);
