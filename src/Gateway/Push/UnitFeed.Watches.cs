using Canvass.Registry;

namespace Canvass.Gateway.Push;

/// <summary>The watches this host holds on unit grains: one per unit, with children if any subscriber wants them.</summary>
public sealed partial class UnitFeed
{
    private static readonly TimeSpan RenewTimeout = TimeSpan.FromSeconds(5);
    private readonly Dictionary<string, WatchCount> _watches = new(StringComparer.Ordinal);
    private readonly Lock _watchLock = new();

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

    private readonly record struct WatchCount(int Plain, int WithChildren);
}
