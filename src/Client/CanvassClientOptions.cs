using Microsoft.Extensions.Logging;

namespace Canvass.Client;

/// <summary>How a <see cref="CanvassClient"/> reaches the server, authenticates, and reconnects.</summary>
public sealed class CanvassClientOptions
{
    /// <summary>
    /// Gives the bearer token for each request and each hub connection, or null to send none. Called before every REST
    /// request and every (re)connection, so it can refresh an expiring token. Default: no token.
    /// </summary>
    public Func<CancellationToken, ValueTask<string?>>? AccessTokenProvider { get; set; }

    /// <summary>
    /// The HttpClient for REST calls; the client does not dispose one given here (use it with IHttpClientFactory).
    /// Default: one of its own, disposed with the client.
    /// </summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>The wait before the second attempt to reconnect; it doubles on every failed attempt after that. Default 500 ms (the first attempt is immediate).</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between two attempts to reconnect; attempts never stop. Default 30 s.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A connection silent for this long is taken as lost and reconnected. The server pings every 5 s, so the default,
    /// 15 s, is three missed pings (as the server's own pages do).
    /// </summary>
    public TimeSpan ServerTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Where the client logs connection losses and reconnections; and the SignalR client's own logging. Default: none.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
