using System.Threading.Channels;
using Canvass.Client.Live;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Canvass.Client;

/// <summary>
/// Live changes of a set of units. Keeps, per unit, the summary with the highest version (an older one arriving late
/// is ignored); reconnects by itself, forever, with backoff; and on every reconnection hands back the versions it
/// holds and catches up, raising <see cref="GapDetected"/> for each unit whose updates it missed meanwhile and
/// <see cref="GapRepaired"/> once the server's latest is applied. Events are raised one at a time, in order, on a
/// thread of the pool; a handler that throws is logged and does not stop the subscription.
/// </summary>
public sealed partial class CanvassSubscription : IAsyncDisposable
{
    private static readonly AsyncLocal<bool> OnDispatcher = new();

    private readonly CanvassClient _client;
    private readonly SubscriptionOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, UnitSummary> _latest = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UnitSummary> _raised = new(StringComparer.Ordinal);
    private readonly List<Channel<UnitSummary>> _readers = [];
    private readonly Channel<Notification> _notifications = Channel.CreateUnbounded<Notification>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _dispatcher;
    private Session? _session;
    private Task _supervisor = Task.CompletedTask;
    private ConnectionState _state = ConnectionState.Connecting;
    private ResumeMode? _resume;
    private bool _started;
    private bool _disposed;

    internal CanvassSubscription(CanvassClient client, IReadOnlyList<string> unitIds, SubscriptionOptions options)
    {
        if (unitIds.Count == 0 || unitIds.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Name at least one unit, and no empty id.", nameof(unitIds));
        }

        _client = client;
        _options = options;
        Units = [.. unitIds.Distinct(StringComparer.Ordinal)];
        _logger = client.Options.LoggerFactory?.CreateLogger<CanvassSubscription>() ?? NullLogger<CanvassSubscription>.Instance;
        _dispatcher = Task.Run(DispatchAsync);
    }

    /// <summary>A unit's summary changed (filtered by <see cref="SubscriptionOptions.Filter"/>). Not raised for the summaries held when <see cref="CanvassClient.SubscribeAsync(IEnumerable{string}, SubscriptionOptions?, CancellationToken)"/> returned: those are in <see cref="Latest"/>.</summary>
    public event Action<UnitSummary>? Changed;

    /// <summary>A reconnection's catch-up shows that a unit changed while the subscription was not connected.</summary>
    public event Action<UnitGap>? GapDetected;

    /// <summary>The server's latest summary of a unit that had a gap is applied (<see cref="UnitGap.CurrentVersion"/> is the version now held).</summary>
    public event Action<UnitGap>? GapRepaired;

    /// <summary>
    /// After the subscription started: the connection was lost, an attempt to restore it failed, it is back
    /// (connected and caught up), or the subscription was disposed.
    /// </summary>
    public event Action<ConnectionStateChange>? ConnectionStateChanged;

    /// <summary>The units subscribed to (their children come along with <see cref="SubscriptionOptions.Children"/>).</summary>
    public IReadOnlyList<string> Units { get; }

    /// <summary>Where the connection stands now.</summary>
    public ConnectionState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>How the latest connection caught up: <see cref="ResumeMode.SubscribeMany"/> on a server that has it.</summary>
    public ResumeMode? Resume
    {
        get
        {
            lock (_lock)
            {
                return _resume;
            }
        }
    }

    /// <summary>A copy of the summary held for every unit (children included), the highest version of each, whatever the filter.</summary>
    public IReadOnlyDictionary<string, UnitSummary> Latest
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<string, UnitSummary>(_latest, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Connects and subscribes once; the caller sees the first failure. From then on the supervisor keeps it connected.</summary>
    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        await ConnectAsync(linked.Token).ConfigureAwait(false);
        _supervisor = Task.Run(() => SuperviseAsync(_stopping.Token));
    }

    /// <summary>Waits for the connection to drop, then reconnects until it is back, forever, until disposed.</summary>
    private async Task SuperviseAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Session session;
            lock (_lock)
            {
                session = _session!;
            }

            Exception? error;
            try
            {
                error = await session.Closed.Task.WaitAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Log.Lost(_logger, error);
            SetState(new ConnectionStateChange(ConnectionState.Reconnecting, error, 0, null));
            await session.DisposeAsync().ConfigureAwait(false);

            for (var failed = 0; ; failed++)
            {
                try
                {
                    await Task.Delay(Backoff.Delay(failed, _client.Options.ReconnectDelay, _client.Options.MaxReconnectDelay), stopping).ConfigureAwait(false);
                    await ConnectAsync(stopping).ConfigureAwait(false);
                    break;
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    Log.AttemptFailed(_logger, failed + 1, Backoff.Delay(failed + 1, _client.Options.ReconnectDelay, _client.Options.MaxReconnectDelay), e);
                    SetState(new ConnectionStateChange(ConnectionState.Reconnecting, e, failed + 1, null));
                }
            }
        }
    }

    /// <summary>A fresh connection (each has its own closed signal, so a late event of an old one cannot end a new one), subscribed and caught up.</summary>
    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var session = new Session(this);
        try
        {
            await session.Connection.StartAsync(cancellationToken).ConfigureAwait(false);
            await CatchUpAsync(session, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        bool disposed;
        lock (_lock)
        {
            disposed = _disposed;
            if (!disposed)
            {
                _session = session;
            }
        }

        if (disposed)
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw new OperationCanceledException("The subscription was disposed while it connected.");
        }
    }

    private void OnUnitsChanged(Session session, IReadOnlyList<UnitSummary> summaries)
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                foreach (var summary in summaries)
                {
                    ApplyLocked(summary, session, catchUp: false);
                }
            }
        }
    }

    /// <summary>Takes a summary if it is newer than the one held (see <see cref="CatchUpAsync"/> for the one exception) and raises it if the filter lets it through.</summary>
    private void ApplyLocked(UnitSummary summary, Session session, bool catchUp)
    {
        if (_latest.TryGetValue(summary.Id, out var held))
        {
            if (summary.Version == held.Version)
            {
                return;
            }

            // Lower only from a catch-up with no push of this connection since: the server's own versions went back.
            if (summary.Version < held.Version && (!catchUp || session.Pushed.Contains(summary.Id)))
            {
                return;
            }
        }

        _latest[summary.Id] = summary;
        if (!catchUp)
        {
            session.Pushed.Add(summary.Id);
        }

        var raise = !_raised.TryGetValue(summary.Id, out var last) || summary.Version < last.Version || _options.Filter.Passes(last, summary);
        if (!raise)
        {
            return;
        }

        _raised[summary.Id] = summary;
        if (_started)
        {
            Notify(new ChangedNotification(summary));
        }
    }

    private void SetState(ConnectionStateChange change)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _state = change.State;
            Notify(new StateNotification(change));
        }
    }

    private void Notify(Notification notification) => _notifications.Writer.TryWrite(notification);

    /// <summary>Closes the connection and ends the events and every <see cref="ReadAllAsync"/> enumeration.</summary>
    public async ValueTask DisposeAsync()
    {
        Session? session;
        Channel<UnitSummary>[] readers;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _state = ConnectionState.Closed;
            Notify(new StateNotification(new ConnectionStateChange(ConnectionState.Closed, null, 0, _resume)));
            _disposed = true;
            session = _session;
            _session = null;
            readers = [.. _readers];
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _supervisor.ConfigureAwait(false);
        if (session is not null)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }

        _notifications.Writer.TryComplete();
        // From inside a handler the dispatcher is the caller: waiting for it would wait for ourselves.
        if (!OnDispatcher.Value)
        {
            await _dispatcher.ConfigureAwait(false);
        }

        foreach (var reader in readers)
        {
            reader.Writer.TryComplete();
        }

        _client.Forget(this);
        _stopping.Dispose();
    }
}
