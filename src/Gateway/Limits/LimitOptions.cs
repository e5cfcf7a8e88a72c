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

    /// <summary>The largest hub message a client may send (SignalR's MaximumReceiveMessageSize).</summary>
    public long MaxHubMessageBytes { get; set; } = 32 * 1024;
}
