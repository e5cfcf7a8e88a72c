using System.Collections.Concurrent;
using Canvass.Abstractions.Push;
using Canvass.Abstractions.Units;
using Canvass.Gateway.Hosting;
using Canvass.Registry;
using Microsoft.AspNetCore.SignalR;

namespace Canvass.Gateway.Push;

/// <summary>
/// This gateway host's side of the push: one observer for all its connections, one watch per unit that any of them
/// follows, and one SignalR group per unit. Each change is serialized once and sent to its unit's group only if it
/// is newer than what that group last received, so versions never go backward at a client; a group still busy
/// with one send gets only the newest of the versions that arrived meanwhile.
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
    private static readonly TimeSpan RenewTimeout = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, Route> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Dictionary<string, bool>> _connections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WatchCount> _watches = new(StringComparer.Ordinal);
    private readonly Lock _watchLock = new();
    private IUnitObserver? _reference;

    /// <summary>The grain-side reference to this observer; kept here so the runtime does not collect it.</summary>
    private IUnitObserver Reference => _reference ??= factory.CreateObjectReference<IUnitObserver>(this);

    public async Task<UnitSnapshot> SubscribeAsync(string connectionId, string unitId, bool includeChildren)
    {
        if (!registry.TryGet(unitId, out var unit))
        {
            throw new HubException($"Unit '{unitId}' is not in the registry.");
        }

        var subscriptions = _connections.GetOrAdd(connectionId, _ => []);
        bool? previous;
        lock (subscriptions)
        {
            previous = subscriptions.TryGetValue(unitId, out var had) ? had : null;
            subscriptions[unitId] = includeChildren;
        }

        foreach (var group in Groups(unit, includeChildren))
        {
            await hub.Groups.AddToGroupAsync(connectionId, group);
        }

        if (previous == true && !includeChildren)
        {
            // Subscribed again without children: leave the children's groups that no other subscription needs.
            await LeaveUnneededGroupsAsync(connectionId, subscriptions, Groups(unit, includeChildren: true));
        }

        var watchChildren = CountWatch(unitId, previous, includeChildren);
        var snapshot = await grains.Summary(unit).WatchAsync(Reference, watchChildren);
        Offer(snapshot, flushedAt: null);

        var children = includeChildren ? snapshot.Children.Select(Latest).ToArray() : [];
        return new UnitSnapshot(Latest(snapshot.Unit), children);
    }

    public async Task UnsubscribeAsync(string connectionId, string unitId)
    {
        if (!_connections.TryGetValue(connectionId, out var subscriptions) || !registry.TryGet(unitId, out var unit))
        {
            return;
        }

        bool includeChildren;
        lock (subscriptions)
        {
            if (!subscriptions.Remove(unitId, out includeChildren))
            {
                return;
            }
        }

        await LeaveUnneededGroupsAsync(connectionId, subscriptions, Groups(unit, includeChildren));
        await ReleaseWatchAsync(unit, includeChildren);
    }

    private async Task LeaveUnneededGroupsAsync(string connectionId, Dictionary<string, bool> subscriptions, IEnumerable<string> candidates)
    {
        HashSet<string> stillNeeded;
        lock (subscriptions)
        {
            stillNeeded = subscriptions.SelectMany(s => Groups(registry.Get(s.Key), s.Value)).ToHashSet();
        }

        foreach (var group in candidates.Where(g => !stillNeeded.Contains(g)))
        {
            await hub.Groups.RemoveFromGroupAsync(connectionId, group);
        }
    }

    /// <summary>SignalR drops a closed connection's groups itself; the watches it held are released here.</summary>
    public void Disconnected(string connectionId)
    {
        if (!_connections.TryRemove(connectionId, out var subscriptions))
        {
            return;
        }

        KeyValuePair<string, bool>[] held;
        lock (subscriptions)
        {
            held = [.. subscriptions];
        }

        foreach (var (unitId, includeChildren) in held)
        {
            _ = ReleaseWatchAsync(registry.Get(unitId), includeChildren);
        }
    }

    /// <summary>Renews every watch and offers what the grains hold now, repairing any change lost on the way.</summary>
    public async Task RenewAsync(CancellationToken cancellationToken)
    {
        KeyValuePair<string, WatchCount>[] watches;
        lock (_watchLock)
        {
            watches = [.. _watches];
        }

        // In parallel, each with a short wait: one unit on a dead silo must not hold up the others' leases.
        await Parallel.ForEachAsync(watches, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (watch, _) =>
        {
            try
            {
                var grain = grains.Summary(registry.Get(watch.Key));
                Offer(await grain.WatchAsync(Reference, watch.Value.WithChildren > 0).WaitAsync(RenewTimeout, cancellationToken), flushedAt: null);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogRenewFailed(e, watch.Key);
            }
        });
    }

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
    /// Queues <paramref name="summary"/> for its unit's group unless a newer one was sent or is waiting. While a send
    /// to the group is in flight, later versions wait as one: the drain then sends only the newest, so a group whose
    /// connections read slowly falls behind by at most one message instead of a growing queue. The drain runs on its
    /// own, so that no caller (a grain's push, a subscribe, the renewal) waits for a group's connections.
    /// </summary>
    private void Offer(UnitSummary summary, DateTimeOffset? flushedAt)
    {
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

    /// <summary>Counts a new subscription; returns whether the unit must be watched with its children.</summary>
    private bool CountWatch(string unitId, bool? previous, bool includeChildren)
    {
        lock (_watchLock)
        {
            var count = _watches.GetValueOrDefault(unitId);
            if (previous is { } had)
            {
                count = had ? count with { WithChildren = count.WithChildren - 1 } : count with { Plain = count.Plain - 1 };
            }

            count = includeChildren ? count with { WithChildren = count.WithChildren + 1 } : count with { Plain = count.Plain + 1 };
            _watches[unitId] = count;
            return count.WithChildren > 0;
        }
    }

    private async Task ReleaseWatchAsync(RegistryUnit unit, bool includeChildren)
    {
        bool? watchChildren;
        lock (_watchLock)
        {
            var count = _watches.GetValueOrDefault(unit.Id);
            count = includeChildren ? count with { WithChildren = count.WithChildren - 1 } : count with { Plain = count.Plain - 1 };
            if (count.Plain + count.WithChildren <= 0)
            {
                _watches.Remove(unit.Id);
                watchChildren = null;
            }
            else
            {
                _watches[unit.Id] = count;
                watchChildren = count.WithChildren > 0;
            }
        }

        try
        {
            var grain = grains.Summary(unit);
            if (watchChildren is { } children)
            {
                // Still watched, perhaps no longer with children.
                await grain.WatchAsync(Reference, children);
            }
            else
            {
                await grain.UnwatchAsync(Reference);
            }
        }
        catch (Exception e)
        {
            // The lease runs out by itself; nothing is lost but a little traffic.
            LogRenewFailed(e, unit.Id);
        }
    }

    private static IEnumerable<string> Groups(RegistryUnit unit, bool includeChildren)
    {
        yield return GroupOf(unit.Id);
        if (includeChildren)
        {
            foreach (var child in unit.Children)
            {
                yield return GroupOf(child.Id);
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

    private readonly record struct WatchCount(int Plain, int WithChildren);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the watch on unit {UnitId}")]
    private partial void LogRenewFailed(Exception exception, string unitId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not push a change of unit {UnitId}")]
    private partial void LogSendFailed(Exception exception, string unitId);
}
