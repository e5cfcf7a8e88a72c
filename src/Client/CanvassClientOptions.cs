using Microsoft.Extensions.Logging;

namespace Canvass.Client;

/// <summary>How a <see cref="CanvassClient"/> reaches the server, authenticates, and reconnects.</summary>
public sealed class CanvassClientOptions
{
    /// <summary>
    /// A bearer token, sent as <c>Authorization: Bearer</c> on every REST request and hub connection. Enough for a
    /// short-lived client; a client that outlives its token gives <see cref="AccessTokenProvider"/> instead (set
    /// one or the other). Mint one with <c>dotnet run --project src/Silo -- token --role partner --unit 4403</c>, or
    /// ask the operator (<c>POST /api/tokens</c>). Default: none, which only the public endpoints accept.
    /// </summary>
    public string? AccessToken { get; set; }

    /// <summary>
    /// Gives the bearer token, or null to send none. Called before every REST request and on every hub connection and
    /// reconnection, so a long-running client can hand a fresh token: the server closes a hub connection when its
    /// token expires, and the subscription then reconnects, asks this for a token and catches up (with its gap
    /// events). Return a cached token while it is valid; an exception it throws fails that request or that attempt
    /// to reconnect (retried with backoff). Default: none (see <see cref="AccessToken"/>).
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

    /// <summary>
    /// The hub protocol of live subscriptions: JSON, or MessagePack (smaller frames, cheaper to read; servers from
    /// the frames release on offer it). Default <see cref="CanvassHubProtocol.Json"/>.
    /// </summary>
    public CanvassHubProtocol HubProtocol { get; set; } = CanvassHubProtocol.Json;

    /// <summary>Where the client logs connection losses and reconnections; and the SignalR client's own logging. Default: none.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}

/// <summary>The SignalR hub protocol a subscription speaks.</summary>
public enum CanvassHubProtocol
{
    Json,
    MessagePack,
}
