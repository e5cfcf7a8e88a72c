namespace Canvass.Gateway.Ingest;

/// <summary>A checkpoint report as posted; every member is optional here so that a missing one rejects only its item.</summary>
public sealed class CheckpointDto
{
    public string? ReportId { get; set; }
    public string? SiteId { get; set; }
    public DateTimeOffset? At { get; set; }
    public bool? Closed { get; set; }
    public bool? Staffed { get; set; }
    public int? TemperatureChecks { get; set; }
}
