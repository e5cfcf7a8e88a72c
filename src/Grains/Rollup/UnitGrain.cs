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
/// summary of each child and running totals over them; its figures are exactly the sum of its children's.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed partial class UnitGrain(
    UnitRegistry registry,
    IOptions<RollupOptions> options,
    ILogger<UnitGrain> logger) : Grain, IUnitGrain, IRemindable
{
    private const string SweepReminder = "sweep";

    private RegistryUnit _unit = null!;
    private IUnitGrain? _parent;
    private ISummaryGrain[] _childGrains = [];
    private UnitSummary[] _children = [];
    private Dictionary<string, int> _index = [];
    private readonly HashSet<int> _changed = [];
    private readonly long[] _residents = new long[ResidentCounts.StatusCount];
    private long _screened, _absent, _refused, _version;
    private int _staleSites;
    private DateTimeOffset? _lastReportAt;
    private Watchers _watchers = null!;
    private CoalescingFlush _flush = null!;

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
        _children = unit.Children.Select(c => c.EmptySummary()).ToArray();
        _index = unit.Children.Select((c, i) => (c.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        _staleSites = unit.SiteCount;
        _watchers = new Watchers(options.Value.WatchLease, logger);
        _flush = new CoalescingFlush(this, options.Value.FlushIntervalFor(unit.Level), FlushAsync);

        // No state of its own: an aggregate is rebuilt from its children, which hold the truth (sites, from the journal).
        await PullChildrenAsync(recursive: false, options.Value.ActivationPullPatience);
        if (unit.Parent is null)
        {
            var sweep = options.Value.SweepInterval;
            await this.RegisterOrUpdateReminder(SweepReminder, sweep, sweep);
        }
    }

    public async Task<UnitSummary> RefreshAsync()
    {
        await PullChildrenAsync(recursive: true);
        return Summary();
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == SweepReminder)
        {
            await RefreshAsync();
        }
    }

    private async Task PullChildrenAsync(bool recursive, TimeSpan? patience = null)
    {
        var pulls = _childGrains
            .Select(child => recursive && child is IUnitGrain unit ? unit.RefreshAsync() : child.GetSummaryAsync())
            .ToArray();
        try
        {
            var all = Task.WhenAll(pulls);
            await (patience is { } wait ? all.WaitAsync(wait) : all);
        }
        catch (Exception e)
        {
            // A child on a dead silo may take long to come back, or fail. Keep every answer that did come: a child
            // that recovers flushes to its parent by itself, and the next sweep pulls it again.
            LogSlowChildren(e, _unit.Id, pulls.Count(p => !p.IsCompletedSuccessfully), pulls.Length);
        }

        foreach (var pull in pulls.Where(p => p.IsCompletedSuccessfully))
        {
            Merge(pull.Result);
        }
    }

    public Task ChildChangedAsync(UnitSummary child)
    {
        Merge(child);
        return Task.CompletedTask;
    }

    private void Merge(UnitSummary child)
    {
        if (!_index.TryGetValue(child.Id, out var i))
        {
            LogUnknownChild(_unit.Id, child.Id);
            return;
        }

        var held = _children[i];
        if (child.Version <= held.Version)
        {
            return;
        }

        Add(held, -1);
        Add(child, 1);
        _children[i] = child;
        _changed.Add(i);
        _flush.Request();
    }

    public Task<UnitSummary> GetSummaryAsync() => Task.FromResult(Summary());

    public Task<UnitSnapshot> GetSnapshotAsync(bool includeChildren) =>
        Task.FromResult(new UnitSnapshot(Summary(), includeChildren ? _children.ToArray() : []));

    public Task<UnitSnapshot> WatchAsync(IUnitObserver observer, bool includeChildren)
    {
        _watchers.Watch(observer, includeChildren);
        return GetSnapshotAsync(includeChildren);
    }

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

    private void Add(UnitSummary child, int sign)
    {
        _screened += sign * child.ScreenedHouseholds;
        _absent += sign * child.AbsentHouseholds;
        _refused += sign * child.RefusedHouseholds;
        _staleSites += sign * child.StaleSites;
        _version += sign * child.Version;
        child.Residents.AddTo(_residents, sign);
        if (sign > 0 && child.LastReportAt > (_lastReportAt ?? DateTimeOffset.MinValue))
        {
            // A child's last report only moves forward, so the maximum never has to be recomputed.
            _lastReportAt = child.LastReportAt;
        }
    }

    private UnitSummary Summary() => new()
    {
        Id = _unit.Id,
        Name = _unit.Name,
        Level = _unit.Level,
        ParentId = _unit.Parent?.Id,
        RegisteredHouseholds = _unit.Households,
        ScreenedHouseholds = _screened,
        AbsentHouseholds = _absent,
        RefusedHouseholds = _refused,
        Residents = ResidentCounts.From(_residents),
        LastReportAt = _lastReportAt,
        Sites = _unit.SiteCount,
        StaleSites = _staleSites,
        // The sum of the children's versions: it grows whenever any child's does, and needs no state of its own.
        Version = _version,
    };

    private async Task FlushAsync()
    {
        var summary = Summary();
        // One-way: returns at once; see IUnitGrain.ChildChangedAsync for how a lost summary is repaired.
        _ = _parent?.ChildChangedAsync(summary);
        if (_watchers.Count == 0)
        {
            _changed.Clear();
            return;
        }

        var changed = new UnitSummary[_changed.Count];
        var k = 0;
        foreach (var i in _changed)
        {
            changed[k++] = _children[i];
        }

        _changed.Clear();
        await _watchers.NotifyAsync(summary, changed);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {UnitId} pulled its children with {Missing} of {Children} not answering; they will flush when they recover")]
    private partial void LogSlowChildren(Exception exception, string unitId, int missing, int children);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {UnitId} received a summary of {ChildId}, which is not its child")]
    private partial void LogUnknownChild(string unitId, string childId);
}
