using Canvass.Client.Http;
using Canvass.Client.Live;
using MessagePack;
using MessagePack.Resolvers;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Canvass.Client;

/// <summary>Subscribing on a new connection and catching up with what the server has.</summary>
public sealed partial class CanvassSubscription
{
    private const string HubPath = "hubs/monitor";

    /// <summary>
    /// Subscribes on <paramref name="session"/> and applies what the server has now. With <c>SubscribeMany</c> the
    /// client sends the version it holds of every unit and the server answers with the units that changed since;
    /// against an older server it calls <c>Subscribe</c> per unit and compares the snapshot's versions itself. A
    /// unit the server has at a higher version than the one held is a gap: detected, applied, repaired, in that
    /// order. A catch-up may also lower a version, when no push of this connection said otherwise: the server's own
    /// versions went back (a store emptied), and following it beats ignoring every change until it passes the old number.
    /// </summary>
    private async Task CatchUpAsync(Session session, CancellationToken cancellationToken)
    {
        Dictionary<string, long> held;
        lock (_lock)
        {
            held = _latest.ToDictionary(p => p.Key, p => p.Value.Version, StringComparer.Ordinal);
        }

        var (current, resume) = await SubscribeAsync(session.Connection, held, cancellationToken).ConfigureAwait(false);
        var gaps = new List<UnitGap>();
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            foreach (var summary in current)
            {
                if (held.TryGetValue(summary.Id, out var version) && summary.Version > version)
                {
                    gaps.Add(new UnitGap(summary.Id, version, summary.Version));
                    Notify(new GapNotification(gaps[^1], Repaired: false));
                }
            }

            foreach (var summary in current)
            {
                ApplyLocked(summary, session, catchUp: true);
            }

            foreach (var gap in gaps)
            {
                Notify(new GapNotification(gap with { CurrentVersion = _latest[gap.UnitId].Version }, Repaired: true));
            }

            // The first connection is the caller's to await: events start with what happens after it returns.
            if (_started)
            {
                Notify(new StateNotification(new ConnectionStateChange(ConnectionState.Connected, null, 0, resume)));
            }

            _started = true;
            _resume = resume;
            _state = ConnectionState.Connected;
        }

        Log.CaughtUp(_logger, Units.Count, resume, current.Count, gaps.Count);
    }

    private async Task<(IReadOnlyList<UnitSummary> Current, ResumeMode Resume)> SubscribeAsync(
        HubConnection connection, Dictionary<string, long> held, CancellationToken cancellationToken)
    {
        var filter = _options.Filter == UnitFilter.All ? null : new FilterRequest(_options.Filter.Name, _options.Filter.Thresholds.Count > 0 ? _options.Filter.Thresholds : null);
        var request = new SubscribeManyRequest { Units = [.. Units.Select(id => new UnitRequest(id, _options.Children))], Since = held, Filter = filter, MaxRate = _options.MaxRate };
        try
        {
            var result = await connection.InvokeAsync<SubscribeManyResult>("SubscribeMany", request, cancellationToken).ConfigureAwait(false);
            return (result.Units, ResumeMode.SubscribeMany);
        }
        catch (HubException e) when (IsMissingMethod(e))
        {
            Log.OlderServer(_logger);
        }
        catch (HubException e)
        {
            throw new CanvassSubscriptionException(e.Message, e);
        }

        var current = new List<UnitSummary>();
        foreach (var unitId in Units)
        {
            UnitSnapshot snapshot;
            try
            {
                snapshot = await connection.InvokeAsync<UnitSnapshot>("Subscribe", unitId, _options.Children, cancellationToken).ConfigureAwait(false);
            }
            catch (HubException e)
            {
                throw new CanvassSubscriptionException(e.Message, e);
            }

            current.Add(snapshot.Unit);
            current.AddRange(snapshot.Children);
        }

        return (current, ResumeMode.Subscribe);
    }

    /// <summary>SignalR's answer to a method the hub does not have (the server predates <c>SubscribeMany</c>).</summary>
    private static bool IsMissingMethod(HubException e) =>
        e.Message.Contains("does not exist", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("Unknown hub method", StringComparison.OrdinalIgnoreCase);

    /// <summary>One hub connection and what belongs to it alone: its closed signal and the units it has pushed.</summary>
    private sealed class Session : IAsyncDisposable
    {
        public Session(CanvassSubscription owner)
        {
            var options = owner._client.Options;
            var builder = new HubConnectionBuilder()
                .WithUrl(new Uri(owner._client.BaseAddress, HubPath), http =>
                {
                    // Asked on every connection, so a reconnection after the server closed this one for an expired
                    // token carries a fresh one. SignalR sends it as the Authorization header on negotiate and the
                    // WebSocket, and as access_token where a header cannot go.
                    http.AccessTokenProvider = async () => await owner._client.GetTokenAsync(CancellationToken.None).ConfigureAwait(false);
                    http.HttpMessageHandlerFactory = handler => new NegotiateProblemHandler(handler);
                });
            if (options.HubProtocol == CanvassHubProtocol.MessagePack)
            {
                // The contract's records are public; enums travel by name, as over JSON.
                builder.AddMessagePackProtocol(o => o.SerializerOptions = MessagePackSerializerOptions.Standard
                    .WithResolver(CompositeResolver.Create(DynamicEnumAsStringResolver.Instance, ContractlessStandardResolver.Instance))
                    .WithSecurity(MessagePackSecurity.UntrustedData));
            }
            else
            {
                builder.AddJsonProtocol(json => WireJsonOptions.Apply(json.PayloadSerializerOptions));
            }

            if (options.LoggerFactory is { } loggerFactory)
            {
                builder.Services.AddSingleton(loggerFactory);
            }

            Connection = builder.Build();
            Connection.ServerTimeout = options.ServerTimeout;
            Connection.On<UnitsFrame>("UnitsChanged", frame => owner.OnUnitsChanged(this, frame.Units));
            // Servers before frames pushed one summary at a time.
            Connection.On<UnitSummary>("UnitChanged", summary => owner.OnUnitsChanged(this, [summary]));
            Connection.Closed += error =>
            {
                Closed.TrySetResult(error);
                return Task.CompletedTask;
            };
        }

        public HubConnection Connection { get; }

        /// <summary>Completes with the error, if any, when this connection closes.</summary>
        public TaskCompletionSource<Exception?> Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Units this connection has pushed a change of (guarded by the owner's lock).</summary>
        public HashSet<string> Pushed { get; } = new(StringComparer.Ordinal);

        public async ValueTask DisposeAsync()
        {
            Closed.TrySetResult(null);
            await Connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
