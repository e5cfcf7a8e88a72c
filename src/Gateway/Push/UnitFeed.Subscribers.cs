using System.Collections.Concurrent;
using System.Security.Claims;
using Canvass.Abstractions.Units;
using Canvass.Gateway.Auth;
using Canvass.Registry;
using Microsoft.AspNetCore.SignalR;

namespace Canvass.Gateway.Push;

/// <summary>
/// Who follows what: hub connections and event streams, each with its units, one filter and one pace, delivered by
/// its own <see cref="FrameSink"/>.
/// </summary>
public sealed partial class UnitFeed
{
    /// <summary>Most units one subscriber (a hub connection, a stream) may follow at once, children included, however it subscribed.</summary>
    public const int MaxUnits = 200;

    /// <summary>What a hub call says about a unit still being rebuilt after a restart.</summary>
    internal static string StillLoading(string unitId) =>
        $"Unit '{unitId}' is being rebuilt from the journal after a restart; call again in {Apis.Problems.LoadingRetryAfter} s. It is followed meanwhile: its summary is pushed once complete.";

    private readonly ConcurrentDictionary<string, Subscriber> _subscribers = new(StringComparer.Ordinal);

    /// <summary>Adds one unit (and its children, when asked) to a connection's units, under the connection's filter.</summary>
    public async Task<UnitSnapshot> SubscribeAsync(string connectionId, ClaimsPrincipal user, string? unitId, bool includeChildren)
    {
        if (string.IsNullOrEmpty(unitId))
        {
            throw new HubException("Name the unit to follow: Subscribe(unitId, includeChildren).");
        }

        if (!registry.TryGetVisible(unitId, user, out var unit))
        {
            throw new HubException($"Unit '{unitId}' is not in the registry.");
        }

        var subscriber = _subscribers.GetOrAdd(connectionId, static key => new Subscriber(key, stream: false));
        var current = await FollowAsync(subscriber, [new Following(unit, includeChildren)], replace: false, filter: null, pace: null);
        // The answer must be a summary; one still loading would show less than before a restart.
        return current[0].Unit.Loading ? throw new HubException(StillLoading(unitId)) : current[0];
    }

    /// <summary>
    /// Makes these units, with this filter, everything the connection follows; answers with the current summary of
    /// each (children included) whose version is above the one the client holds.
    /// </summary>
    public async Task<SubscribeManyResult> SubscribeManyAsync(string connectionId, ClaimsPrincipal user, SubscribeManyRequest request)
    {
        var check = Check(request.Units ?? [], user);
        if (check.Error is not null || check.Unknown.Count > 0)
        {
            throw new HubException(check.Error ?? UnknownUnits(check.Unknown));
        }

        var filter = UnitFilter.TryParse(request.Filter?.Kind, request.Filter?.Thresholds, out var error) ?? throw new HubException(error);
        var pace = Pace.TryParse(request.MaxRate, DefaultPace, out var paceError) ?? throw new HubException(paceError);
        var subscriber = _subscribers.GetOrAdd(connectionId, static key => new Subscriber(key, stream: false));
        var current = await FollowAsync(subscriber, check.Units, replace: true, filter, pace);
        return new SubscribeManyResult(CatchUp(Distinct(current), request.Since));
    }

    public async Task UnsubscribeAsync(string connectionId, string unitId)
    {
        if (!_subscribers.TryGetValue(connectionId, out var subscriber) || !registry.TryGet(unitId, out var unit))
        {
            return;
        }

        await subscriber.Changes.WaitAsync();
        try
        {
            if (subscriber.Closed || !subscriber.Units.TryGetValue(unitId, out var includeChildren))
            {
                return;
            }

            var before = Followed(subscriber.Units);
            subscriber.Units.Remove(unitId);
            if (subscriber.Sink is { } sink)
            {
                RemoveSink(sink, before.Except(Followed(subscriber.Units)));
            }

            await ReleaseWatchAsync(unit, includeChildren);
        }
        finally
        {
            subscriber.Changes.Release();
        }
    }

    /// <summary>A closed connection's sink and the watches it held go here.</summary>
    public void Disconnected(string connectionId) => _ = CloseAsync(connectionId);

    /// <summary>
    /// Opens an event stream's subscription. Its sink holds every change until <see cref="FeedStream.Release"/>, so
    /// that the caller writes the catch-up first; disposing the stream ends the subscription.
    /// </summary>
    internal async Task<FeedStream> OpenStreamAsync(IReadOnlyList<Following> units, UnitFilter filter, Pace pace, Func<UnitsFrame, Task> write)
    {
        var key = "stream:" + Guid.NewGuid().ToString("N");
        var subscriber = new Subscriber(key, stream: true) { Sink = StreamSink(filter, pace, write) };
        _subscribers[key] = subscriber;
        try
        {
            var current = await FollowAsync(subscriber, units, replace: true, filter, pace);
            return new FeedStream(this, key, subscriber.Sink, [.. Distinct(current)]);
        }
        catch
        {
            await CloseAsync(key);
            throw;
        }
    }

    internal Task CloseStreamAsync(string key) => CloseAsync(key);

    /// <summary>
    /// The summaries a client holding <paramref name="since"/> has not seen: those with a higher version. A unit still
    /// loading after a restart is left out, as one the client holds: its complete summary is pushed when it comes.
    /// </summary>
    internal static IReadOnlyList<UnitSummary> CatchUp(IEnumerable<UnitSummary> current, IReadOnlyDictionary<string, long>? since) =>
        [.. current.Where(s => !s.Loading && (since is null || !since.TryGetValue(s.Id, out var held) || s.Version > held))];

    /// <summary>
    /// Changes what a subscriber follows: adds <paramref name="add"/> to its units (or makes them all of them, with
    /// <paramref name="replace"/>), under <paramref name="filter"/> and <paramref name="pace"/> (or those it had). The
    /// new sink is offered changes before the grains are read, and the old one is taken down only after, so no change
    /// between the two falls through; a client may get a summary twice, and keeps the higher version. Returns the
    /// current snapshot of each added unit.
    /// </summary>
    private async Task<IReadOnlyList<UnitSnapshot>> FollowAsync(Subscriber subscriber, IReadOnlyList<Following> add, bool replace, UnitFilter? filter, Pace? pace)
    {
        await subscriber.Changes.WaitAsync();
        try
        {
            if (subscriber.Closed)
            {
                throw new HubException("The connection closed.");
            }

            var before = new Dictionary<string, bool>(subscriber.Units, StringComparer.Ordinal);
            var after = replace ? new Dictionary<string, bool>(StringComparer.Ordinal) : new Dictionary<string, bool>(before, StringComparer.Ordinal);
            foreach (var following in add)
            {
                after[following.Unit.Id] = following.Children;
            }

            var followedBefore = Followed(before);
            var followedAfter = Followed(after);
            if (followedAfter.Count > MaxUnits)
            {
                // One cap on what a connection follows, however it got there: Subscribe one unit at a time included.
                throw new HubException($"This connection would follow {followedAfter.Count} units with their children; a connection follows at most {MaxUnits}. Unsubscribe from some first, or replace them all with SubscribeMany.");
            }

            var oldSink = subscriber.Sink;
            var wantFilter = filter ?? oldSink?.Filter ?? UnitFilter.All;
            var wantPace = pace ?? oldSink?.Pace ?? DefaultPace;
            var newSink = subscriber.IsStream || (oldSink is not null && oldSink.Serves(wantFilter, wantPace))
                ? oldSink!
                : HubSink(subscriber.Key, wantFilter, wantPace);
            AddSink(newSink, followedAfter);
            subscriber.Units = after;
            subscriber.Sink = newSink;

            var current = new UnitSnapshot[add.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, add.Count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            {
                var following = add[i];
                var (watchChildren, mustWatch) = Watches.Add(following.Unit.Id, following.Children, before.TryGetValue(following.Unit.Id, out var had) ? had : null);
                // A unit this host watches already is only read: a watch call is not interleaved, and ten thousand
                // walls of one district would otherwise queue behind its roll-up, one watch call each.
                var snapshot = mustWatch
                    ? await Watches.WatchAsync(following.Unit.Id, watchChildren)
                    : await grains.Summary(following.Unit).GetSnapshotAsync(watchChildren);
                if (snapshot.Unit.Loading)
                {
                    // Watching does not wait for a loading subtree (it is not interleaved); a read does, bounded.
                    snapshot = await grains.Summary(following.Unit).GetSnapshotAsync(watchChildren);
                }

                Offer(snapshot, flushedAt: null);
                current[i] = new UnitSnapshot(Latest(snapshot.Unit), following.Children ? snapshot.Children.Select(Latest).ToArray() : []);
            });

            // What the client gets (or already holds) now is what later summaries are compared with.
            foreach (var summary in Distinct(current).Where(s => !s.Loading))
            {
                newSink.Prime(summary);
            }

            if (newSink != oldSink)
            {
                newSink.Release();
            }

            if (oldSink is not null)
            {
                RemoveSink(oldSink, oldSink == newSink ? followedBefore.Except(followedAfter) : followedBefore);
                if (oldSink != newSink)
                {
                    oldSink.Close();
                }
            }

            foreach (var (id, children) in before.Where(b => !after.ContainsKey(b.Key)))
            {
                await ReleaseWatchAsync(registry.Get(id), children);
            }

            return current;
        }
        finally
        {
            subscriber.Changes.Release();
        }
    }

    private async Task CloseAsync(string key)
    {
        if (!_subscribers.TryRemove(key, out var subscriber))
        {
            return;
        }

        await subscriber.Changes.WaitAsync();
        try
        {
            subscriber.Closed = true;
            if (subscriber.Sink is { } sink)
            {
                sink.Close();
                RemoveSink(sink, Followed(subscriber.Units));
            }

            await Task.WhenAll(subscriber.Units.Select(u => ReleaseWatchAsync(registry.Get(u.Key), u.Value)));
            subscriber.Units.Clear();
        }
        finally
        {
            subscriber.Changes.Release();
        }
    }

    /// <summary>The ids of the units and children these subscriptions follow.</summary>
    private HashSet<string> Followed(IEnumerable<KeyValuePair<string, bool>> units)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, children) in units)
        {
            ids.Add(id);
            if (children)
            {
                foreach (var child in registry.Get(id).Children)
                {
                    ids.Add(child.Id);
                }
            }
        }

        return ids;
    }

    private static IEnumerable<UnitSummary> Distinct(IEnumerable<UnitSnapshot> snapshots) =>
        snapshots.SelectMany(s => s.Children.Prepend(s.Unit)).DistinctBy(s => s.Id);

    /// <summary>A hub connection or an event stream; changed only while holding <see cref="Changes"/>.</summary>
    private sealed class Subscriber(string key, bool stream)
    {
        public string Key => key;
        public bool IsStream => stream;
        public SemaphoreSlim Changes { get; } = new(1, 1);
        public Dictionary<string, bool> Units { get; set; } = new(StringComparer.Ordinal);
        public FrameSink? Sink { get; set; }
        public bool Closed { get; set; }
    }
}
