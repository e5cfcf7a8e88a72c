using Canvass.Abstractions.Units;

namespace Canvass.Abstractions.Push;

/// <summary>
/// The watches one observer holds on unit grains: a gateway host's for all its subscribers, a webhook's for its
/// units. Per unit it counts who follows it plainly and who with its children, watches with children while anyone
/// wants them, renews every watch within the grains' lease (a grain forgets a watcher whose lease ran out, or whose
/// silo died, so renewing is also how a watch comes back after a silo loss) and unwatches a unit nobody follows.
/// </summary>
/// <remarks>Not thread-safe on its own beyond its counts: the caller decides where the snapshots it offers go.</remarks>
public sealed class UnitWatches(IUnitObserver observer, Func<string, ISummaryGrain> grainOf)
{
    /// <summary>How many grains one renewal asks at once: a tree of thousands of watched units must not flood a silo.</summary>
    private const int RenewBatch = 64;

    private readonly Dictionary<string, WatchCount> _counts = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _counts.Count;
            }
        }
    }

    /// <summary>
    /// Counts one more follower of <paramref name="unitId"/> (replacing one it had, when <paramref name="replacing"/>
    /// says how that one followed). Returns whether the unit must now be watched with its children, and whether the
    /// grain must be told: not when it is watched already as needed, which the renewal keeps up.
    /// </summary>
    public (bool WithChildren, bool MustWatch) Add(string unitId, bool includeChildren, bool? replacing = null)
    {
        lock (_lock)
        {
            var before = _counts.GetValueOrDefault(unitId);
            var count = replacing is { } had ? before.Less(had) : before;
            count = count.More(includeChildren);
            _counts[unitId] = count;
            var watched = before.Plain + before.WithChildren > 0;
            return (count.WithChildren > 0, !watched || (count.WithChildren > 0) != (before.WithChildren > 0));
        }
    }

    /// <summary>Watches the unit (with or without its children) and answers its current snapshot.</summary>
    public Task<UnitSnapshot> WatchAsync(string unitId, bool includeChildren) => grainOf(unitId).WatchAsync(observer, includeChildren);

    /// <summary>One follower less; the grain is told when nobody follows the unit any more, or nobody with children.</summary>
    public async Task ReleaseAsync(string unitId, bool includeChildren)
    {
        bool? watchChildren;
        lock (_lock)
        {
            var count = _counts.GetValueOrDefault(unitId).Less(includeChildren);
            if (count.Plain + count.WithChildren <= 0)
            {
                _counts.Remove(unitId);
                watchChildren = null;
            }
            else
            {
                _counts[unitId] = count;
                watchChildren = count.WithChildren > 0;
            }
        }

        var grain = grainOf(unitId);
        await (watchChildren is { } children ? grain.WatchAsync(observer, children) : grain.UnwatchAsync(observer));
    }

    /// <summary>
    /// Watches every counted unit again and offers what each grain holds now, repairing any change lost on the way.
    /// Each grain gets <paramref name="patience"/>: one unit on a dead silo must not hold up the others' leases.
    /// </summary>
    /// <returns>The units that did not answer, with why.</returns>
    public async Task<IReadOnlyList<(string UnitId, Exception Error)>> RenewAsync(Action<UnitSnapshot> offer, TimeSpan patience, CancellationToken cancellationToken = default)
    {
        KeyValuePair<string, WatchCount>[] watches;
        lock (_lock)
        {
            watches = [.. _counts];
        }

        var failed = new List<(string, Exception)>();
        foreach (var batch in watches.Chunk(RenewBatch))
        {
            var renewals = batch.Select(w => grainOf(w.Key).WatchAsync(observer, w.Value.WithChildren > 0).WaitAsync(patience, cancellationToken)).ToArray();
            try
            {
                await Task.WhenAll(renewals);
            }
            catch when (!cancellationToken.IsCancellationRequested)
            {
                // Each renewal's own outcome is read below.
            }

            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < batch.Length; i++)
            {
                if (renewals[i].IsCompletedSuccessfully)
                {
                    offer(renewals[i].Result);
                }
                else
                {
                    failed.Add((batch[i].Key, renewals[i].Exception?.InnerException ?? new TaskCanceledException()));
                }
            }
        }

        return failed;
    }

    /// <summary>Forgets every watch and tells each grain; a grain that does not answer lets the lease run out.</summary>
    /// <returns>The units that did not answer, with why.</returns>
    public async Task<IReadOnlyList<(string UnitId, Exception Error)>> UnwatchAllAsync()
    {
        string[] units;
        lock (_lock)
        {
            units = [.. _counts.Keys];
            _counts.Clear();
        }

        var unwatches = units.Select(id => grainOf(id).UnwatchAsync(observer)).ToArray();
        try
        {
            await Task.WhenAll(unwatches);
        }
        catch
        {
            // Each unwatch's own outcome is read below.
        }

        return [.. units.Zip(unwatches).Where(u => !u.Second.IsCompletedSuccessfully).Select(u => (u.First, u.Second.Exception?.InnerException ?? (Exception)new TaskCanceledException()))];
    }

    private readonly record struct WatchCount(int Plain, int WithChildren)
    {
        public WatchCount More(bool children) => children ? this with { WithChildren = WithChildren + 1 } : this with { Plain = Plain + 1 };

        public WatchCount Less(bool children) => children ? this with { WithChildren = WithChildren - 1 } : this with { Plain = Plain - 1 };
    }
}
