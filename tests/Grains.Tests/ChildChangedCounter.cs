using System.Collections.Concurrent;
using Canvass.Abstractions.Units;

namespace Canvass.Grains.Tests;

/// <summary>Counts <see cref="IUnitGrain.ChildChangedAsync"/> calls per receiving unit: the upward traffic that coalescing bounds.</summary>
public sealed class ChildChangedCounter : IIncomingGrainCallFilter
{
    private static readonly ConcurrentDictionary<string, ChildChangedCounter> Counters = new();
    private readonly ConcurrentDictionary<string, int> _calls = new();

    public static ChildChangedCounter For(string clusterKey) => Counters.GetOrAdd(clusterKey, _ => new ChildChangedCounter());

    public int CallsTo(string unitId) => _calls.GetValueOrDefault(unitId);

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod.Name == nameof(IUnitGrain.ChildChangedAsync))
        {
            _calls.AddOrUpdate(context.TargetId.Key.ToString()!, 1, (_, n) => n + 1);
        }

        return context.Invoke();
    }
}
