using Canvass.Abstractions.Screening;
using Canvass.Gateway.Docs;

namespace Canvass.Gateway.Ingest;

/// <summary>A household screening report as posted; every member is optional here so that a missing one rejects only its item.</summary>
public sealed class ReportDto
{
    /// <summary>Idempotency key, unique per site (at most 128 characters): the same id again is a duplicate and changes nothing.</summary>
    public string? ReportId { get; set; }

    /// <summary>The site visited, a site id of the registry.</summary>
    public string? SiteId { get; set; }

    /// <summary>The household's number within the site, from 1 to the site's registered households.</summary>
    public int? Household { get; set; }

    /// <summary>When the household was screened, with an offset; not more than 5 minutes in the future (`Ingest:FutureTolerance`), nor more than 30 days before the deployment's screening start (`Ingest:PastWindow`). The latest report of a household replaces earlier ones.</summary>
    public DateTimeOffset? ScreenedAt { get; set; }

    /// <summary>The screening team member's id (no name), at most 128 characters.</summary>
    public string? ScreenerId { get; set; }

    /// <summary>What the visit found: <c>screened</c> (the default), <c>absent</c> (nobody home) or <c>refused</c>. Only screened counts toward coverage.</summary>
    [WireEnum(typeof(ScreeningOutcome))]
    public string? Outcome { get; set; }

    /// <summary>One entry per resident when screened, empty otherwise; nothing personal.</summary>
    public List<ResidentDto?>? Residents { get; set; }
}

/// <summary>One resident of a screened household: a status and nothing personal.</summary>
public sealed class ResidentDto
{
    /// <summary>The resident's health status as found by the team.</summary>
    [WireEnum(typeof(ResidentStatus))]
    public string? Status { get; set; }
}
