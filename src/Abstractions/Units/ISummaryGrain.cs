using Orleans.Concurrency;
using Canvass.Abstractions.Push;

namespace Canvass.Abstractions.Units;

/// <summary>What every unit grain, site or aggregate, offers to readers and watchers.</summary>
[Alias("canvass.ISummaryGrain")]
public interface ISummaryGrain : IGrainWithStringKey
{
    // Reads interleave: they only look at state, and a parent reading down (gaps) must never wait on a child
    // that is itself waiting on that parent in a flush.

    /// <summary>The unit's current summary.</summary>
    [Alias("GetSummary"), AlwaysInterleave]
    Task<UnitSummary> GetSummaryAsync();

    /// <summary>The unit's summary and its children's (none for a site).</summary>
    [Alias("GetSnapshot"), AlwaysInterleave]
    Task<UnitSnapshot> GetSnapshotAsync(bool includeChildren);

    /// <summary>
    /// Registers (or renews the lease of) an observer that receives every change of this unit, and of its
    /// children when <paramref name="includeChildren"/>; returns the current snapshot.
    /// </summary>
    [Alias("Watch")]
    Task<UnitSnapshot> WatchAsync(IUnitObserver observer, bool includeChildren);

    [Alias("Unwatch")]
    Task UnwatchAsync(IUnitObserver observer);
}
