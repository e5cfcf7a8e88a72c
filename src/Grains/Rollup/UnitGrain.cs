using Canvass.Abstractions.Gaps;
using Canvass.Abstractions.Push;
using Canvass.Abstractions.Screening;
using Canvass.Abstractions.Units;
using Canvass.Grains.Gaps;
using Canvass.Grains.Push;
using Canvass.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Canvass.Grains.Rollup;

/// <summary>
/// Any aggregate unit: community, subdistrict, district, city, or whatever levels the registry names. Holds the latest
/// summary of each child and running totals over them; its figures are exactly the sum of its children's.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed partial class UnitGrain(
    UnitRegistry registry,
    IOptions<RollupOptions> options,
    History.HistoryRecorder recorder,
    ILogger<UnitGrain> logger) : Grain, IUnitGrain, IRemindable
{
    private const string SweepReminder = "sweep";

    // Children a sweep pulls at once per unit: the calls in flight are this to the power of the depth (about a
    // thousand for the national registry) instead of one per grain of the tree.
    private const int SweepWindow = 4;

    // Above this many children a dictionary finds a child's slot; below it a scan of the registry's list does.
    private const int IndexThreshold = 16;

    // The longest pause between pulls of a child that keeps failing: a silo's death is declared within tens of seconds.
    private static readonly TimeSpan MaxLoadPause = TimeSpan.FromSeconds(10);

    private RegistryUnit _unit = null!;
    private IUnitGrain? _parent;
    private ISummaryGrain[] _childGrains = [];
    private UnitSummary[] _children = [];
    // Only for units with many children; a community's one or two sites are found faster by looking.
    private Dictionary<string, int>? _index;
    private HashSet<int>? _changed;
    // The alerts of site children as last read, with the version of the site's summary held then: a site's version
    // changes with every change of its alerts (raised, escalated, acknowledged, cleared), so an entry is good while
    // the held summary keeps that version. Spares the sites a call for every read of a list.
    private Dictionary<int, (long Version, IReadOnlyList<GapAlert> Alerts)>? _siteAlerts;
    private UnitCounters _counters;
    private Watchers _watchers = null!;
    private CoalescingFlush _flush = null!;
    private Task _sweep = Task.CompletedTask;
    // Children whose held summary is not complete yet: the placeholder of one not heard from since activation, or a
    // summary it sent while itself loading. Until none is, this unit's figures may be below those it showed before a
    // restart: it neither flushes nor lets a read see them without saying so (UnitSummary.Loading).
    private int _loading;
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
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
        _childGrains = unit.Children.Select(c => c.IsSite ? (ISummaryGrain)GrainFactory.GetGrain<ISiteGrain>(c.Id) : GrainFactory.GetGrain<IUnitGrain>(c.Id)).ToArray();
        _children = unit.Children.Select(c => c.EmptySummary() with { Loading = true }).ToArray();
        _loading = _children.Length;
        _index = unit.Children.Count > IndexThreshold
            ? unit.Children.Select((c, i) => (c.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal)
            : null;
        _counters = new UnitCounters(unit.SiteCount);
        _watchers = new Watchers(options.Value.WatchLease, logger);
        _flush = new CoalescingFlush(this, options.Value.FlushIntervalFor(unit.Level), FlushAsync);

        // No state of its own: an aggregate is rebuilt from its children, which hold the truth (sites, from the journal).
        await PullChildrenAsync(options.Value.ActivationPullPatience);
        if (_loading == 0)
        {
            _loaded.TrySetResult();
        }

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
        await SweepChildrenAsync();
        return Summary();
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

    /// <summary>
    /// At activation: every child at once, waiting at most <paramref name="patience"/>; children that did not answer
    /// (or answered while loading themselves) go on being pulled in the background until they answer complete.
    /// </summary>
    private async Task PullChildrenAsync(TimeSpan patience)
    {
        var pulls = _childGrains.Select(child => child.GetSummaryAsync()).ToArray();
        try
        {
            await Task.WhenAll(pulls).WaitAsync(patience);
        }
        catch (Exception e)
        {
            // A child on a dead silo may take long to come back, or fail: the activation goes on with what came.
            LogSlowChildren(e, _unit.Id, pulls.Count(p => !p.IsCompletedSuccessfully), pulls.Length);
        }

        for (var i = 0; i < pulls.Length; i++)
        {
            if (pulls[i].IsCompletedSuccessfully)
            {
                Merge(pulls[i].Result);
            }

            if (_children[i].Loading)
            {
                _ = LoadChildAsync(i, pulls[i]);
            }
        }
    }

    /// <summary>
    /// Pulls one child until this unit holds a complete summary of it (which a flush of the child may bring first). A
    /// child's read waits for its own subtree (<c>Rollup:LoadingPatience</c>), which paces the pulls of a loading
    /// child; a failed pull (a dead silo not yet declared dead) is retried with a growing pause. Runs on the grain's
    /// scheduler, so its merges are turns like any other.
    /// </summary>
    private async Task LoadChildAsync(int child, Task<UnitSummary> pull)
    {
        var pause = options.Value.ActivationPullPatience;
        while (true)
        {
            try
            {
                Merge(await pull);
            }
            catch (Exception e)
            {
                LogChildNotLoaded(e, _unit.Id, _unit.Children[child].Id, pause.TotalSeconds);
                await Task.Delay(pause);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxLoadPause.Ticks));
            }

            if (!_children[child].Loading || _deactivating)
            {
                return;
            }

            pull = _childGrains[child].GetSummaryAsync();
        }
    }

    /// <summary>A sweep: every child and, recursively, every unit below, <see cref="SweepWindow"/> children at a time.</summary>
    private async Task SweepChildrenAsync()
    {
        var running = new List<Task<UnitSummary>>(SweepWindow);
        var failed = 0;
        Exception? firstFailure = null;
        foreach (var child in _childGrains)
        {
            if (running.Count == SweepWindow)
            {
                Collect(await Task.WhenAny(running));
            }

            running.Add(child is IUnitGrain unit ? unit.RefreshAsync() : child.GetSummaryAsync());
        }

        while (running.Count > 0)
        {
            Collect(await Task.WhenAny(running));
        }

        if (firstFailure is not null)
        {
            // As at activation: keep what came; the rest flush when they recover, and the next sweep pulls them.
            LogSlowChildren(firstFailure, _unit.Id, failed, _childGrains.Length);
        }

        void Collect(Task<UnitSummary> pull)
        {
            running.Remove(pull);
            if (pull.IsCompletedSuccessfully)
            {
                Merge(pull.Result);
            }
            else
            {
                failed++;
                firstFailure ??= pull.Exception?.InnerException ?? pull.Exception;
            }
        }
    }

    public Task ChildChangedAsync(UnitSummary child)
    {
        Merge(child);
        return Task.CompletedTask;
    }

    private void Merge(UnitSummary child)
    {
        var i = IndexOf(child.Id);
        if (i < 0)
        {
            LogUnknownChild(_unit.Id, child.Id);
            return;
        }

        var held = _children[i];
        // A complete summary replaces a loading one whatever their versions (a loading child may have counted the
        // newer half of its subtree only). A loading one never replaces a complete one: its version can be higher
        // while its figures miss a whole subtree.
        var replaces = held.Loading ? !child.Loading || child.Version > held.Version : !child.Loading && child.Version > held.Version;
        if (!replaces)
        {
            return;
        }

        Add(held, -1);
        Add(child, 1);
        _children[i] = child;
        (_changed ??= []).Add(i);
        if (held.Loading && !child.Loading && --_loading == 0)
        {
            // Complete: what watchers and the parent get next is the whole unit, children included.
            for (var k = 0; k < _children.Length; k++)
            {
                _changed.Add(k);
            }

            _loaded.TrySetResult();
        }

        _flush.Request();
    }

    private int IndexOf(string childId)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(childId, out var i) ? i : -1;
        }

        var children = _unit.Children;
        for (var i = 0; i < children.Count; i++)
        {
            if (string.Equals(children[i].Id, childId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    public Task<UnitSummary> GetSummaryAsync() => _loading == 0 ? Task.FromResult(Summary()) : LoadedSummaryAsync();

    public Task<UnitSnapshot> GetSnapshotAsync(bool includeChildren) =>
        _loading == 0 ? Task.FromResult(Snapshot(includeChildren)) : LoadedSnapshotAsync(includeChildren);

    /// <remarks>
    /// Does not wait for a loading subtree: watching is not interleaved, and subscribers queued behind one another's
    /// waits would each wait again. A loading snapshot says so; the watcher gets the unit when it completes.
    /// </remarks>
    public Task<UnitSnapshot> WatchAsync(IUnitObserver observer, bool includeChildren)
    {
        _watchers.Watch(observer, includeChildren);
        return Task.FromResult(Snapshot(includeChildren));
    }

    private async Task<UnitSummary> LoadedSummaryAsync()
    {
        await WhenLoadedAsync();
        return Summary();
    }

    private async Task<UnitSnapshot> LoadedSnapshotAsync(bool includeChildren)
    {
        await WhenLoadedAsync();
        return Snapshot(includeChildren);
    }

    /// <summary>Until the subtree has loaded, or <c>Rollup:LoadingPatience</c> has passed (then the answer says loading).</summary>
    private async Task WhenLoadedAsync() =>
        await _loaded.Task.WaitAsync(options.Value.LoadingPatience)
            .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);

    private UnitSnapshot Snapshot(bool includeChildren) => new(Summary(), includeChildren ? _children.ToArray() : []);

    public Task UnwatchAsync(IUnitObserver observer)
    {
        _watchers.Unwatch(observer);
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<UnitSummary>> GetGapsAsync(int limit)
    {
        var candidates = new List<UnitSummary>();
        var below = new List<Task<IReadOnlyList<UnitSummary>>>();
        for (var i = 0; i < _children.Length; i++)
        {
            if (_unit.Children[i].IsSite)
            {
                candidates.Add(_children[i]);
            }
            else
            {
                below.Add(((IUnitGrain)_childGrains[i]).GetGapsAsync(limit));
            }
        }

        foreach (var gaps in await Task.WhenAll(below))
        {
            candidates.AddRange(gaps);
        }

        candidates.Sort(GapOrder.Instance);
        return candidates.Count > limit ? candidates.GetRange(0, limit) : candidates;
    }

    public async Task<IReadOnlyList<GapAlert>> GetAlertsAsync(int limit, string? escalatedTo)
    {
        // The held summaries say which children have alerts at all: only those are asked.
        var minEscalations = escalatedTo is null ? 0 : LevelsUpTo(escalatedTo);
        var below = new List<Task<IReadOnlyList<GapAlert>>>();
        var alerts = new List<GapAlert>();
        for (var i = 0; i < _children.Length; i++)
        {
            if (_children[i].OpenAlerts == 0)
            {
                continue;
            }

            if (_childGrains[i] is not ISiteGrain)
            {
                below.Add(((IUnitGrain)_childGrains[i]).GetAlertsAsync(limit, escalatedTo));
            }
            else if (_siteAlerts?.GetValueOrDefault(i) is { } cached && cached.Version == _children[i].Version)
            {
                alerts.AddRange(cached.Alerts);
            }
            else
            {
                below.Add(ReadSiteAlertsAsync(i));
            }
        }

        foreach (var found in await Task.WhenAll(below))
        {
            alerts.AddRange(found);
        }

        if (minEscalations > 0)
        {
            alerts.RemoveAll(a => a.Escalations < minEscalations);
        }

        alerts.Sort(AlertOrder.Instance);
        return alerts.Count > limit ? alerts.GetRange(0, limit) : alerts;
    }

    private async Task<IReadOnlyList<GapAlert>> ReadSiteAlertsAsync(int child)
    {
        var version = _children[child].Version;
        var alerts = await ((ISiteGrain)_childGrains[child]).GetAlertsAsync(0);
        (_siteAlerts ??= [])[child] = (version, alerts);
        return alerts;
    }

    /// <summary>Levels from this unit up to <paramref name="ancestorId"/>: 0 for itself (or an id not above it).</summary>
    private int LevelsUpTo(string ancestorId)
    {
        var levels = 0;
        for (var unit = _unit; unit is not null; unit = unit.Parent, levels++)
        {
            if (unit.Id == ancestorId)
            {
                return levels;
            }
        }

        return 0;
    }

    private void Add(UnitSummary child, int sign) => _counters.Add(child, sign);

    private UnitSummary Summary() => _counters.ToSummary(_unit, _loading > 0);

    private async Task FlushAsync()
    {
        if (_loading > 0)
        {
            // Figures that may be below those shown before a restart go nowhere: not up (the parent would count them),
            // not to watchers, not to history. The change that completes the unit requests the next flush.
            return;
        }

        using var activity = RollupTracing.Source.StartActivity("rollup flush");
        activity?.SetTag("canvass.unit", _unit.Id);
        var summary = Summary();
        // One-way: returns at once; see IUnitGrain.ChildChangedAsync for how a lost summary is repaired.
        _ = _parent?.ChildChangedAsync(summary);
        recorder.Record(summary);
        if (_watchers.Count == 0)
        {
            _changed?.Clear();
            return;
        }

        var changed = new UnitSummary[_changed?.Count ?? 0];
        var k = 0;
        foreach (var i in _changed ?? [])
        {
            changed[k++] = _children[i];
        }

        _changed?.Clear();
        await _watchers.NotifyAsync(summary, changed);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {UnitId} pulled its children with {Missing} of {Children} not answering yet; it goes on pulling them, loading until they answer")]
    private partial void LogSlowChildren(Exception exception, string unitId, int missing, int children);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {UnitId} could not pull its child {ChildId}, and stays loading; trying again in {Seconds:0.#} s")]
    private partial void LogChildNotLoaded(Exception exception, string unitId, string childId, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Swept the {Units} units of the registry in {Seconds:0.0} s")]
    private partial void LogSwept(int units, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping the {Units} units of the registry took {Seconds:0.0} s, more than half its interval {Interval}; consider a longer Rollup:SweepInterval")]
    private partial void LogSweepSlow(int units, double seconds, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Error, Message = "The sweep from {UnitId} failed; the next one retries")]
    private partial void LogSweepFailed(Exception exception, string unitId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {UnitId} received a summary of {ChildId}, which is not its child")]
    private partial void LogUnknownChild(string unitId, string childId);
}
