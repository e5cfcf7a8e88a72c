namespace Canvass.Gateway.Limits;

/// <summary>Per-client limits (the <c>Limits</c> section): a client is a token's subject, or an address without one.</summary>
public sealed class LimitOptions
{
    /// <summary>Ingest and other writes: requests a client may make per second, sustained.</summary>
    public int WritesPerSecond { get; set; } = 50;

    /// <summary>Writes a client may make at once after being idle.</summary>
    public int WriteBurst { get; set; } = 200;

    /// <summary>Hub method calls (Subscribe, SubscribeMany…) a client may make per second, sustained.</summary>
    public int HubCallsPerSecond { get; set; } = 10;

    /// <summary>Hub method calls a client may make at once.</summary>
    public int HubCallBurst { get; set; } = 50;

    /// <summary>Reads (units, children, gaps, alerts, history, households…) a client may make per second, sustained. Default 50.</summary>
    public int ReadsPerSecond { get; set; } = 50;

    /// <summary>Reads a client may make at once after being idle. Default 300.</summary>
    public int ReadBurst { get; set; } = 300;

    /// <summary>Requests to the public case-places list (API and page) one address may make per second, sustained. Default 5.</summary>
    public int PublicReadsPerSecond { get; set; } = 5;

    /// <summary>Requests to the public case-places list one address may make at once. Default 30.</summary>
    public int PublicReadBurst { get; set; } = 30;

    /// <summary>How long a gateway serves the public case-places list from its cache at most; a publication evicts it sooner. Default 1 min.</summary>
    public TimeSpan PublicCacheDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Hub connections one client (a token's subject) may hold open at once; admins are not capped. Default 20.</summary>
    public int MaxConnectionsPerSubject { get; set; } = 20;

    /// <summary>Event streams one client may hold open at once; admins are not capped. Default 20.</summary>
    public int MaxStreamsPerSubject { get; set; } = 20;

    /// <summary>The largest hub message a client may send (SignalR's MaximumReceiveMessageSize).</summary>
    public long MaxHubMessageBytes { get; set; } = 32 * 1024;
}
