using Canvass.Abstractions.Push;
using Canvass.Abstractions.Units;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Canvass.Grains.Push;

/// <summary>
/// The gateway hosts watching one unit, each on a lease it renews; a change is sent once per host, which then
/// writes it to its own connections.
/// </summary>
/// <remarks>Made on the first watcher: of a national registry's 1.6 million units, a few hundred are watched.</remarks>
internal sealed class Watchers(TimeSpan lease, ILogger logger)
{
    private ObserverManager<IUnitObserver, Watcher>? _observers;

    public int Count => _observers?.Count ?? 0;

    public void Watch(IUnitObserver observer, bool includeChildren) =>
        (_observers ??= new(lease, logger)).Subscribe(observer, new Watcher(observer, includeChildren));

    public void Unwatch(IUnitObserver observer) => _observers?.Unsubscribe(observer);

    /// <summary>Sends the unit's summary to every watcher, with the changed children to those that asked for them.</summary>
    public Task NotifyAsync(UnitSummary unit, IReadOnlyList<UnitSummary> changedChildren)
    {
        if (_observers is not { Count: > 0 })
        {
            return Task.CompletedTask;
        }

        var withChildren = new UnitChange(unit, changedChildren, DateTimeOffset.UtcNow);
        var unitOnly = changedChildren.Count == 0 ? withChildren : withChildren with { Children = [] };
        return _observers.Notify(w => w.Observer.OnChangedAsync(w.IncludeChildren ? withChildren : unitOnly));
    }

    private sealed record Watcher(IUnitObserver Observer, bool IncludeChildren);
}
