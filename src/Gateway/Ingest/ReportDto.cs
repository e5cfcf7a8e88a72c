namespace Canvass.Gateway.Ingest;

/// <summary>A screening report as posted; every member is optional here so that a missing one rejects only its item.</summary>
public sealed class ReportDto
{
    public string? ReportId { get; set; }
    public string? SiteId { get; set; }
    public int? Household { get; set; }
    public DateTimeOffset? ScreenedAt { get; set; }
    public string? ScreenerId { get; set; }
    public string? Outcome { get; set; }
    public List<ResidentDto?>? Residents { get; set; }
}

/// <summary>One resident of a screened household: a status and nothing personal.</summary>
public sealed class ResidentDto
{
    public string? Status { get; set; }
}
