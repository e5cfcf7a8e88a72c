using Canvass.Abstractions.Gaps;
using Canvass.Abstractions.Push;
using Canvass.Abstractions.Screening;
using Canvass.Abstractions.Units;
using Canvass.Grains.Push;
using Canvass.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Canvass.Grains.Rollup;

/// <summary>
/// Any aggregate unit: community, subdistrict, district, city, or whatever levels the registry names. Holds the latest
/// summary of each child and running totals over them (<see cref="UnitChildren"/>); its figures are exactly the sum
/// of its children's. It rebuilds them from its children (<see cref="ChildPulls"/>), answers lists from its subtree
/// (<see cref="SubtreeReads"/>), and on a coalescing flush tells its parent, its watchers and history.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed partial class UnitGrain(
    UnitRegistry registry,
    IOptions<RollupOptions> options,
    History.HistoryRecorder recorder,
    ILogger<UnitGrain> logger) : Grain, IUnitGrain, IRemindable
{
    private const string SweepReminder = "sweep";

    private RegistryUnit _unit = null!;
    private IUnitGrain? _parent;
    private UnitChildren _children = null!;
    private ChildPulls _pulls = null!;
    private SubtreeReads _reads = null!;
    private Watchers _watchers = null!;
    private CoalescingFlush _flush = null!;
    private Task _sweep = Task.CompletedTask;
    private bool _deactivating;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var id = this.GetPrimaryKeyString();
        if (!registry.TryGet(id, out var unit) || unit.IsSite)
        {
            throw new InvalidOperationException($"'{id}' is not an aggregate unit of the registry.");
        }

        _unit = unit;
        // Made once: making a grain reference resolves its interface type by reflection.
        _parent = unit.Parent is { } parent ? GrainFactory.GetGrain<IUnitGrain>(parent.Id) : null;
        var grains = unit.Children.Select(c => c.IsSite ? (ISummaryGrain)GrainFactory.GetGrain<ISiteGrain>(c.Id) : GrainFactory.GetGrain<IUnitGrain>(c.Id)).ToArray();
        _children = new UnitChildren(unit, grains);
        _pulls = new ChildPulls(_children, unit.Id, unit.Children.Select(c => c.Id).ToArray(), Merge,
            options.Value.ActivationPullPatience, () => _deactivating, logger);
        _reads = new SubtreeReads(unit, _children);
        _watchers = new Watchers(options.Value.WatchLease, logger);
        _flush = new CoalescingFlush(this, options.Value.FlushIntervalFor(unit.Level), FlushAsync);

        // No state of its own: an aggregate is rebuilt from its children, which hold the truth (sites, from the journal).
        await _pulls.PullAllAsync();
        _children.CompleteIfLoaded();

        if (unit.Parent is null)
        {
            var sweep = options.Value.SweepIntervalFor(registry);
            await this.RegisterOrUpdateReminder(SweepReminder, sweep, sweep);
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _deactivating = true;
        return _flush is null ? Task.CompletedTask : _flush.FlushPendingAsync();
    }

    public async Task<UnitSummary> RefreshAsync()
    {
        await _pulls.SweepAsync();
        return _children.Summary();
    }

    Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        // The sweep runs beside the reminder's turn, not in it: over a large registry it takes longer than a call
        // may, and the root must keep answering meanwhile. A sweep still running when the next tick comes is not
        // started twice.
        if (reminderName == SweepReminder && _sweep.IsCompleted)
        {
            _sweep = SweepAsync();
        }

        return Task.CompletedTask;
    }

    private async Task SweepAsync()
    {
        var started = TimeProvider.System.GetTimestamp();
        try
        {
            await RefreshAsync();
        }
        catch (Exception e)
        {
            LogSweepFailed(e, _unit.Id);
            return;
        }

        var took = TimeProvider.System.GetElapsedTime(started);
        var interval = options.Value.SweepIntervalFor(registry);
        if (took > interval / 2)
        {
            LogSweepSlow(registry.Count, took.TotalSeconds, interval);
        }
        else
        {
            LogSwept(registry.Count, took.TotalSeconds);
        }
    }

    public Task ChildChangedAsync(UnitSummary child)
    {
        Merge(child);
        return Task.CompletedTask;
    }

    private void Merge(UnitSummary child)
    {
        var i = _children.IndexOf(child.Id);
        if (i < 0)
        {
            LogUnknownChild(_unit.Id, child.Id);
        }
        else if (_children.Merge(i, child))
        {
            _flush.Request();
        }
    }

    public Task<UnitSummary> GetSummaryAsync() => _children.Loading ? LoadedSummaryAsync() : Task.FromResult(_children.Summary());

    public Task<UnitSnapshot> GetSnapshotAsync(bool includeChildren) =>
        _children.Loading ? LoadedSnapshotAsync(includeChildren) : Task.FromResult(Snapshot(includeChildren));

    /// <remarks>
    /// Does not wait for a loading subtree: watching is not interleaved, and subscribers queued behind one another's
    /// waits would each wait again. A loading snapshot says so; the watcher gets the unit when it completes.
    /// </remarks>
    public Task<UnitSnapshot> WatchAsync(IUnitObserver observer, bool includeChildren)
    {
        _watchers.Watch(observer, includeChildren);
        return Task.FromResult(Snapshot(includeChildren));
    }

    public Task UnwatchAsync(IUnitObserver observer)
    {
        _watchers.Unwatch(observer);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<UnitSummary>> GetGapsAsync(int limit) => _reads.GetGapsAsync(limit);

    public Task<IReadOnlyList<GapAlert>> GetAlertsAsync(int limit, string? escalatedTo) => _reads.GetAlertsAsync(limit, escalatedTo);

    public Task<IReadOnlyList<Quarantine>> GetQuarantinesAsync(int limit) => _reads.GetQuarantinesAsync(limit);

    public Task<IReadOnlyList<CareRequest>> GetCareAsync(CareListState state, int limit) => _reads.GetCareAsync(state, limit);

    private async Task<UnitSummary> LoadedSummaryAsync()
    {
        await WhenLoadedAsync();
        return _children.Summary();
    }

    private async Task<UnitSnapshot> LoadedSnapshotAsync(bool includeChildren)
    {
        await WhenLoadedAsync();
        return Snapshot(includeChildren);
    }

    /// <summary>Until the subtree has loaded, or <c>Rollup:LoadingPatience</c> has passed (then the answer says loading).</summary>
    private async Task WhenLoadedAsync() =>
        await _children.Loaded.WaitAsync(options.Value.LoadingPatience)
            .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);

    private UnitSnapshot Snapshot(bool includeChildren) => new(_children.Summary(), includeChildren ? _children.All() : []);

    private async Task FlushAsync()
    {
        if (_children.Loading)
        {
            // Figures that may be below those shown before a restart go nowhere: not up (the parent would count them),
            // not to watchers, not to history. The change that completes the unit requests the next flush.
            return;
        }

        using var activity = RollupTracing.Source.StartActivity("rollup flush");
        activity?.SetTag("canvass.unit", _unit.Id);
        var summary = _children.Summary();
        // One-way: returns at once; see IUnitGrain.ChildChangedAsync for how a lost summary is repaired.
        _ = _parent?.ChildChangedAsync(summary);
        recorder.Record(summary);
        if (_watchers.Count == 0)
        {
            _children.ForgetChanged();
            return;
        }

        await _watchers.NotifyAsync(summary, _children.TakeChanged());
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Swept the {Units} units of the registry in {Seconds:0.0} s")]
    private partial void LogSwept(int units, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping the {Units} units of the registry took {Seconds:0.0} s, more than half its interval {Interval}; consider a longer Rollup:SweepInterval")]
    private partial void LogSweepSlow(int units, double seconds, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Error, Message = "The sweep from {UnitId} failed; the next one retries")]
    private partial void LogSweepFailed(Exception exception, string unitId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {UnitId} received a summary of {ChildId}, which is not its child")]
    private partial void LogUnknownChild(string unitId, string childId);
}
