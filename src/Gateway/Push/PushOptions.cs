namespace Canvass.Gateway.Push;

/// <summary>How a gateway keeps its watches on unit grains and its event streams alive. Section <c>Push</c>.</summary>
public sealed class PushOptions
{
    /// <summary>
    /// How often the gateway renews each watch (well within the grains' lease, Rollup:WatchLease) and compares the
    /// grain's current version with what it last sent, so that a change lost in transit is repaired. Default 5 s.
    /// </summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often an event stream (<c>GET /api/stream</c>) with nothing to send writes a comment line, so that proxies
    /// keep it open and a client can tell a quiet stream from a dead one. Default 15 s.
    /// </summary>
    public TimeSpan StreamHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The pace of a subscription that names none (<c>maxRate</c>): at most this many frames a second. Walls and
    /// consoles need no more than a few; a partner that wants every change asks for <c>maxRate</c> 0. Default 4.
    /// </summary>
    public double DefaultMaxRate { get; set; } = 4;

    /// <summary>
    /// How often the hub pings a quiet connection (SignalR's default is 15 s): the wall's client gives up on a silent
    /// server after three missed pings. Default 5 s.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(5);
}
