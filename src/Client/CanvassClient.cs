using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Canvass.Client.Http;
using Canvass.Client.Live;

namespace Canvass.Client;

/// <summary>
/// A partner's connection to one Canvass server: REST reads and writes, and live subscriptions over the SignalR hub
/// <c>/hubs/monitor</c>. Thread-safe; one per server is enough. Disposing it ends its subscriptions. Every call but
/// <see cref="GetPublishedCasePlacesAsync"/> needs a token (<see cref="CanvassClientOptions.AccessToken"/> or
/// <see cref="CanvassClientOptions.AccessTokenProvider"/>): without a valid one the server answers 401 (title
/// <c>Not signed in</c>, the detail says whether the token is missing, expired or invalid), and a role without the
/// permission 403 (<c>Not allowed</c>), both as a <see cref="CanvassApiException"/>. A unit outside the token's unit
/// answers exactly as an unknown one.
/// </summary>
public sealed class CanvassClient : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly List<CanvassSubscription> _subscriptions = [];
    private readonly Lock _lock = new();
    private bool _disposed;

    /// <param name="baseAddress">The server, such as <c>http://localhost:5000</c>; a path below the host is kept (a server behind a reverse proxy).</param>
    /// <param name="options">Token, HttpClient, reconnect timing and logging; defaults when null.</param>
    public CanvassClient(Uri baseAddress, CanvassClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        if (!baseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException("The server's address must be absolute, such as http://localhost:5000.", nameof(baseAddress));
        }

        // A trailing slash, so that relative paths resolve below the base path rather than replacing its last segment.
        BaseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        Options = options ?? new CanvassClientOptions();
        if (Options.ReconnectDelay < TimeSpan.Zero || Options.MaxReconnectDelay < Options.ReconnectDelay)
        {
            throw new ArgumentException("ReconnectDelay must not be negative, nor above MaxReconnectDelay.", nameof(options));
        }

        if (Options.ServerTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("ServerTimeout must be positive.", nameof(options));
        }

        // Two sources of the token would leave a reader guessing which one is sent.
        if (Options.AccessToken is not null && Options.AccessTokenProvider is not null)
        {
            throw new ArgumentException("Give AccessToken or AccessTokenProvider, not both.", nameof(options));
        }

        _ownsHttp = Options.HttpClient is null;
        _http = Options.HttpClient ?? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
    }

    /// <summary>The server's address, ending with a slash.</summary>
    public Uri BaseAddress { get; }

    internal CanvassClientOptions Options { get; }

    /// <summary>A unit's summary. An id not in the registry is a <see cref="CanvassApiException"/> with status 404.</summary>
    public Task<UnitSummary> GetUnitAsync(string unitId, CancellationToken cancellationToken = default) =>
        GetAsync<UnitSummary>($"api/units/{Escape(unitId)}", cancellationToken);

    /// <summary>The summary of the registry's root (the city, or the country): where to start without knowing an id.</summary>
    public Task<UnitSummary> GetRootAsync(CancellationToken cancellationToken = default) =>
        GetAsync<UnitSummary>("api/registry/root", cancellationToken);

    /// <summary>The summaries of a unit's children (the districts of a city, the sites of a community...).</summary>
    public Task<IReadOnlyList<UnitSummary>> GetChildrenAsync(string unitId, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<UnitSummary>>($"api/units/{Escape(unitId)}/children", cancellationToken);

    /// <summary>The sites below a unit with the worst gaps: stale first, then lowest coverage (1 ≤ limit ≤ 1000; server default 20).</summary>
    public Task<IReadOnlyList<UnitSummary>> GetGapsAsync(string unitId, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<UnitSummary>>($"api/units/{Escape(unitId)}/gaps{Query(("limit", limit?.ToString(CultureInfo.InvariantCulture)))}", cancellationToken);

    /// <summary>
    /// The open gap alerts of every site below a unit, worst first (server default limit 100, at most 1000);
    /// with <paramref name="escalatedOnly"/>, only those escalated to this unit or above: the unit's own desk.
    /// </summary>
    public Task<IReadOnlyList<GapAlert>> GetAlertsAsync(string unitId, int? limit = null, bool escalatedOnly = false, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<GapAlert>>(
            $"api/units/{Escape(unitId)}/alerts{Query(("limit", limit?.ToString(CultureInfo.InvariantCulture)), ("escalated", escalatedOnly ? "true" : null))}",
            cancellationToken);

    /// <summary>
    /// Acknowledges an open alert with who and a note (at most 500 characters); answers with the alert and its
    /// acknowledgement. 404 for an alert not open, 409 if already acknowledged (the problem's <c>alert</c> extension
    /// holds it: <c>e.TryGetExtension&lt;GapAlert&gt;("alert", out var alert)</c>).
    /// </summary>
    public async Task<GapAlert> AcknowledgeAsync(string alertId, string by, string note, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseAddress, $"api/alerts/{Escape(alertId)}/ack"))
        {
            Content = JsonContent.Create(new { by, note }, options: WireJsonOptions.Default),
        };
        return await SendAsync<GapAlert>(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A unit's figures over time, oldest first: the figures as of <paramref name="from"/>, then every point up to
    /// <paramref name="to"/>. Without <paramref name="from"/> the 24 hours up to <paramref name="to"/> (default now); at most 31 days.
    /// By screening time (late uploads revise past points, recent ones are provisional), or with
    /// <paramref name="asReceived"/> the curve as it was seen live.
    /// </summary>
    public Task<IReadOnlyList<UnitHistoryPoint>> GetHistoryAsync(string unitId, DateTimeOffset? from = null, DateTimeOffset? to = null, bool asReceived = false, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<UnitHistoryPoint>>($"api/units/{Escape(unitId)}/history{Query(("from", Iso(from)), ("to", Iso(to)), ("asReceived", AsReceived(asReceived)))}", cancellationToken);

    /// <summary>A unit's figures as of one instant (by screening time, or as received): its latest point at or before it; 404 when none is that early.</summary>
    public Task<UnitHistoryPoint> GetHistoryAtAsync(string unitId, DateTimeOffset at, bool asReceived = false, CancellationToken cancellationToken = default) =>
        GetAsync<UnitHistoryPoint>($"api/units/{Escape(unitId)}/history{Query(("at", Iso(at)), ("asReceived", AsReceived(asReceived)))}", cancellationToken);

    // Left out when false, the server's default.
    private static string? AsReceived(bool asReceived) => asReceived ? "true" : null;

    /// <summary>The published list of places visited by confirmed cases on a day (the newest list without a date); 404 before its cut-off.</summary>
    public Task<CasePlacesList> GetPublishedCasePlacesAsync(DateOnly? date = null, CancellationToken cancellationToken = default) =>
        GetAsync<CasePlacesList>($"api/public/case-places{Query(("date", date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}", cancellationToken);

    /// <summary>
    /// Submits a batch of household reports (at most 10,000). The reply holds one result per report; a rejected one
    /// says why. A 503 <see cref="CanvassApiException"/> means resend the same batch: stored reports come back as duplicates.
    /// </summary>
    public Task<IngestResult> PostReportsAsync(IEnumerable<ScreeningReport> reports, CancellationToken cancellationToken = default) =>
        PostBatchAsync("api/reports", reports, cancellationToken);

    /// <summary>Submits a batch of checkpoint reports, with the same reply, limits and idempotency as <see cref="PostReportsAsync"/>.</summary>
    public Task<IngestResult> PostCheckpointsAsync(IEnumerable<CheckpointReport> reports, CancellationToken cancellationToken = default) =>
        PostBatchAsync("api/checkpoints", reports, cancellationToken);

    /// <summary>
    /// Subscribes to live changes of <paramref name="unitIds"/> (and their children, with <see cref="SubscriptionOptions.Children"/>):
    /// connects, takes the current summaries (in <see cref="CanvassSubscription.Latest"/> when this returns), and from
    /// then on raises <see cref="CanvassSubscription.Changed"/>. It reconnects by itself forever and catches up on
    /// every reconnection, the one after the server closed it for an expired token included. Throws if the first
    /// connection fails: <see cref="CanvassApiException"/> when the server refuses the token (401) or its role (403),
    /// and <see cref="CanvassSubscriptionException"/> when it refuses the subscription (an unknown unit id, or one
    /// outside the token's unit).
    /// </summary>
    public async Task<CanvassSubscription> SubscribeAsync(IEnumerable<string> unitIds, SubscriptionOptions? options = null, CancellationToken cancellationToken = default)
    {
        var subscription = new CanvassSubscription(this, [.. unitIds], options ?? new SubscriptionOptions());
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _subscriptions.Add(subscription);
        }

        try
        {
            await subscription.StartAsync(cancellationToken).ConfigureAwait(false);
            return subscription;
        }
        catch
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Subscribes to one unit; see <see cref="SubscribeAsync(IEnumerable{string}, SubscriptionOptions?, CancellationToken)"/>.</summary>
    public Task<CanvassSubscription> SubscribeAsync(string unitId, SubscriptionOptions? options = null, CancellationToken cancellationToken = default) =>
        SubscribeAsync([unitId], options, cancellationToken);

    internal void Forget(CanvassSubscription subscription)
    {
        lock (_lock)
        {
            _subscriptions.Remove(subscription);
        }
    }

    internal async ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken) =>
        Options.AccessTokenProvider is { } provider ? await provider(cancellationToken).ConfigureAwait(false) : Options.AccessToken;

    /// <summary>Ends every subscription of this client, then releases its HttpClient if it made it.</summary>
    public async ValueTask DisposeAsync()
    {
        CanvassSubscription[] subscriptions;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            subscriptions = [.. _subscriptions];
        }

        foreach (var subscription in subscriptions)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }

        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task<IngestResult> PostBatchAsync<T>(string path, IEnumerable<T> reports, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reports);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseAddress, path))
        {
            Content = JsonContent.Create(reports.ToList(), options: WireJsonOptions.Default),
        };
        return await SendAsync<IngestResult>(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseAddress, path));
        return await SendAsync<T>(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (await GetTokenAsync(cancellationToken).ConfigureAwait(false) is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!ProblemReader.IsSuccess(response.StatusCode))
        {
            throw await ProblemReader.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync<T>(stream, WireJsonOptions.Default, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException($"The server answered {request.RequestUri} with null.");
        }
    }

    private static string Escape(string segment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(segment);
        return Uri.EscapeDataString(segment);
    }

    private static string? Iso(DateTimeOffset? instant) =>
        instant?.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToArray();
        return present.Length == 0 ? "" : "?" + string.Join('&', present);
    }
}
