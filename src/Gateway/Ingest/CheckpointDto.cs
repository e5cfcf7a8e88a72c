namespace Canvass.Gateway.Ingest;

/// <summary>A checkpoint (closed-management) report as posted; every member is optional here so that a missing one rejects only its item.</summary>
public sealed class CheckpointDto
{
    /// <summary>Idempotency key, shared with the site's household reports (at most 128 characters).</summary>
    public string? ReportId { get; set; }

    /// <summary>The site whose entrance reports, a site id of the registry.</summary>
    public string? SiteId { get; set; }

    /// <summary>When the report was made, with an offset; the rules of <c>screenedAt</c>. The newest report says whether the site is closed and staffed now.</summary>
    public DateTimeOffset? At { get; set; }

    /// <summary>Whether the site is under closed management (one staffed entrance, everyone checked). Required.</summary>
    public bool? Closed { get; set; }

    /// <summary>Whether the entrance is staffed now. Required.</summary>
    public bool? Staffed { get; set; }

    /// <summary>Temperature checks since the previous report, 0 to 1,000,000. Required; they count in the last hour by <c>at</c>.</summary>
    public int? TemperatureChecks { get; set; }
}
