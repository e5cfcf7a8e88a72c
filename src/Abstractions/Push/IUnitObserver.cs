using Orleans.Concurrency;
using Canvass.Abstractions.Units;

namespace Canvass.Abstractions.Push;

/// <summary>A gateway host's receiver of unit changes; one per gateway process, not per connection.</summary>
[Alias("canvass.IUnitObserver")]
public interface IUnitObserver : IGrainObserver
{
    /// <summary>The unit's new summary and those of its children that changed since the last call.</summary>
    [OneWay, Alias("OnChanged")]
    Task OnChangedAsync(UnitChange change);
}
