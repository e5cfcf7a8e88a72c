namespace Canvass.Gateway.Ingest;

/// <summary>Limits on what one ingest request may carry. Section <c>Ingest</c>.</summary>
public sealed class IngestOptions
{
    /// <summary>Most reports in one batch; more is answered 413. Default 10,000.</summary>
    public int MaxReports { get; set; } = 10_000;

    /// <summary>Largest request body in bytes; more is answered 413. Default 8 MiB.</summary>
    public long MaxBodyBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// Request body bytes this gateway buffers at once across all ingest requests; a request that would exceed it is
    /// answered 503 with Retry-After before its body is read. At least <see cref="MaxBodyBytes"/>. Default 64 MiB.
    /// </summary>
    public long MaxBytesInFlight { get; set; } = 64 * 1024 * 1024;

    /// <summary>How far in the future a screenedAt may lie (clock skew of a team's phone). Default 5 min.</summary>
    public TimeSpan FutureTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long before the deployment's screening start (<c>Gaps:ScreeningStart</c>) a report or checkpoint time may lie. Default 30 days.</summary>
    public TimeSpan PastWindow { get; set; } = TimeSpan.FromDays(30);
}
