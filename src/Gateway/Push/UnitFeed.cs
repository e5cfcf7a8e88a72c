using System.Collections.Concurrent;
using Canvass.Abstractions.Push;
using Canvass.Abstractions.Units;
using Canvass.Gateway.Hosting;
using Canvass.Registry;
using Microsoft.AspNetCore.SignalR;

namespace Canvass.Gateway.Push;

/// <summary>
/// This gateway host's side of the push: one observer for all its subscribers, one watch per unit that any of them
/// follows. Subscribers without a filter are hub connections in one SignalR group per unit: each change is
/// serialized once and sent to its unit's group only if it is newer than what that group last received, so versions
/// never go backward at a client; a group still busy with one send gets only the newest of the versions that
/// arrived meanwhile. Subscribers that need decisions of their own (a hub connection with a filter, a server-sent
/// event stream) each have a <see cref="SubscriberSink"/>, offered every change of the units they follow.
/// </summary>
public sealed partial class UnitFeed(
    IGrainFactory factory,
    UnitGrains grains,
    UnitRegistry registry,
    IHubContext<MonitorHub> hub,
    CanvassMetrics metrics,
    TimeProvider time,
    ILogger<UnitFeed> logger) : IUnitObserver
{
    private readonly ConcurrentDictionary<string, Route> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SubscriberSink[]> _sinks = new(StringComparer.Ordinal);
    private readonly Lock _sinkLock = new();
    private IUnitObserver? _reference;

    /// <summary>The grain-side reference to this observer; kept here so the runtime does not collect it.</summary>
    private IUnitObserver Reference => _reference ??= factory.CreateObjectReference<IUnitObserver>(this);

    Task IUnitObserver.OnChangedAsync(UnitChange change)
    {
        // The runtime runs this observer's calls one at a time, and it is the one observer of every unit this host
        // watches: hand the change to its groups and return, so that a slow group does not hold up every other
        // unit's pushes (the fanout bench showed changes queueing behind one another's group sends).
        Offer(new UnitSnapshot(change.Unit, change.Children), change.FlushedAt);
        return Task.CompletedTask;
    }

    /// <summary>Offers a unit and its children to their groups; returns at once, the sends run behind it.</summary>
    private void Offer(UnitSnapshot snapshot, DateTimeOffset? flushedAt)
    {
        Offer(snapshot.Unit, flushedAt);
        foreach (var child in snapshot.Children)
        {
            Offer(child, flushedAt);
        }
    }

    /// <summary>
    /// Offers <paramref name="summary"/> to the sinks that follow its unit (each decides for itself), then queues it
    /// for its unit's group unless a newer one was sent or is waiting. While a send to the group is in flight, later
    /// versions wait as one: the drain then sends only the newest, so a group whose connections read slowly falls
    /// behind by at most one message instead of a growing queue. The drain runs on its own, so that no caller (a
    /// grain's push, a subscribe, the renewal) waits for a group's connections.
    /// </summary>
    private void Offer(UnitSummary summary, DateTimeOffset? flushedAt)
    {
        if (summary.Loading)
        {
            // A unit still loading after a restart may count less than it showed: its complete summary follows.
            return;
        }

        if (_sinks.TryGetValue(summary.Id, out var sinks))
        {
            foreach (var sink in sinks)
            {
                sink.Offer(summary);
            }
        }

        var route = _routes.GetOrAdd(summary.Id, _ => new Route());
        lock (route)
        {
            if (route.Newest is { } newest && newest.Version >= summary.Version)
            {
                return;
            }

            route.Waiting = summary;
            route.WaitingFlushedAt = flushedAt;
            if (route.Sending)
            {
                return;
            }

            route.Sending = true;
        }

        _ = DrainAsync(route);
    }

    private async Task DrainAsync(Route route)
    {
        while (true)
        {
            UnitSummary next;
            UnitSummary? previous;
            DateTimeOffset? flushedAt;
            lock (route)
            {
                if (route.Waiting is null)
                {
                    route.Sending = false;
                    return;
                }

                (next, flushedAt, previous) = (route.Waiting, route.WaitingFlushedAt, route.Sent);
                route.Waiting = null;
                route.Sent = next;
            }

            try
            {
                using var activity = PushTracing.Source.StartActivity("push send");
                activity?.SetTag("canvass.unit", next.Id);
                await hub.Clients.Group(GroupOf(next.Id)).SendAsync(MonitorHub.UnitChanged, next);
                if (flushedAt is { } flushed)
                {
                    metrics.PushLatency.Record((time.GetUtcNow() - flushed).TotalMilliseconds);
                }
            }
            catch (Exception e)
            {
                LogSendFailed(e, next.Id);
                lock (route)
                {
                    // Not sent after all: the renewal's next offer of the same version must not be taken as a repeat.
                    if (ReferenceEquals(route.Sent, next))
                    {
                        route.Sent = previous;
                    }
                }
            }
        }
    }

    /// <summary>The newer of a summary just read from its grain and the newest this host has had pushed.</summary>
    private UnitSummary Latest(UnitSummary fetched)
    {
        if (!_routes.TryGetValue(fetched.Id, out var route))
        {
            return fetched;
        }

        lock (route)
        {
            return route.Newest is { } newest && newest.Version > fetched.Version ? newest : fetched;
        }
    }

    /// <summary>Makes <paramref name="sink"/> offered every change of these units.</summary>
    private void AddSink(SubscriberSink sink, IEnumerable<string> unitIds)
    {
        lock (_sinkLock)
        {
            foreach (var id in unitIds)
            {
                var current = _sinks.GetValueOrDefault(id) ?? [];
                if (!current.Contains(sink))
                {
                    _sinks[id] = [.. current, sink];
                }
            }
        }
    }

    private void RemoveSink(SubscriberSink sink, IEnumerable<string> unitIds)
    {
        lock (_sinkLock)
        {
            foreach (var id in unitIds)
            {
                if (_sinks.TryGetValue(id, out var current))
                {
                    var rest = current.Where(s => s != sink).ToArray();
                    if (rest.Length == 0)
                    {
                        _sinks.TryRemove(id, out _);
                    }
                    else
                    {
                        _sinks[id] = rest;
                    }
                }
            }
        }
    }

    private static string GroupOf(string unitId) => "unit:" + unitId;

    /// <summary>One unit's sending state; guarded by locking the route itself.</summary>
    private sealed class Route
    {
        public UnitSummary? Sent { get; set; }
        public UnitSummary? Waiting { get; set; }
        public DateTimeOffset? WaitingFlushedAt { get; set; }
        public bool Sending { get; set; }
        public UnitSummary? Newest => Waiting ?? Sent;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the watch on unit {UnitId}")]
    private partial void LogRenewFailed(Exception exception, string unitId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not push a change of unit {UnitId}")]
    private partial void LogSendFailed(Exception exception, string unitId);
}
