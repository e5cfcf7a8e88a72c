using System.Collections.Concurrent;
using Canvass.Abstractions.Push;
using Canvass.Abstractions.Units;

namespace Canvass.Grains.Tests;

/// <summary>A test's observer of one unit: records every change pushed and lets the test await a condition.</summary>
public sealed class UnitWatcher : IUnitObserver
{
    private readonly ConcurrentQueue<UnitChange> _changes = new();
    private readonly List<(Func<UnitSummary, bool> Condition, TaskCompletionSource<UnitSummary> Done)> _waits = [];
    private UnitSummary? _latest;

    public IReadOnlyCollection<UnitChange> Changes => _changes;

    public static async Task<(UnitWatcher Watcher, UnitSnapshot Snapshot)> StartAsync(IGrainFactory grains, ISummaryGrain unit, bool includeChildren = false)
    {
        var watcher = new UnitWatcher();
        var reference = grains.CreateObjectReference<IUnitObserver>(watcher);
        watcher.Reference = reference;
        var snapshot = await unit.WatchAsync(reference, includeChildren);
        watcher.Offer(snapshot.Unit);
        return (watcher, snapshot);
    }

    public IUnitObserver Reference { get; private set; } = null!;

    public Task OnChangedAsync(UnitChange change)
    {
        _changes.Enqueue(change);
        Offer(change.Unit);
        return Task.CompletedTask;
    }

    /// <summary>Completes with the first summary (held now or pushed later) that satisfies <paramref name="condition"/>.</summary>
    public async Task<UnitSummary> WaitForAsync(Func<UnitSummary, bool> condition, string what, TimeSpan? timeout = null)
    {
        var done = new TaskCompletionSource<UnitSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waits)
        {
            if (_latest is { } latest && condition(latest))
            {
                return latest;
            }

            _waits.Add((condition, done));
        }

        try
        {
            return await done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out waiting for {what}; last summary seen: {_latest}");
        }
    }

    private void Offer(UnitSummary summary)
    {
        lock (_waits)
        {
            if (_latest is null || summary.Version > _latest.Version)
            {
                _latest = summary;
            }

            foreach (var wait in _waits.Where(w => w.Condition(summary)).ToArray())
            {
                _waits.Remove(wait);
                wait.Done.TrySetResult(summary);
            }
        }
    }
}
