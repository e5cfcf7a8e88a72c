using Canvass.Abstractions.Push;
using Canvass.Abstractions.Screening;
using Canvass.Abstractions.Units;
using Canvass.Grains.Push;
using Canvass.Grains.Rollup;
using Canvass.Registry;
using Canvass.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Canvass.Grains.Screening;

/// <summary>
/// One compound or urban village. Turns a batch of reports into events, writes them to the journal, applies them
/// once they are durable, then tells its community (coalesced) and its watchers.
/// </summary>
public sealed partial class SiteGrain(
    UnitRegistry registry,
    ISiteJournal journal,
    IOptions<RollupOptions> options,
    ScreeningClock clock,
    History.HistoryRecorder recorder,
    ILogger<SiteGrain> logger) : Grain, ISiteGrain
{
    private RegistryUnit _site = null!;
    private IUnitGrain? _parent;
    private SiteState _state = null!;
    private Watchers _watchers = null!;
    private CoalescingFlush _flush = null!;
    private IGrainTimer? _staleCheck;
    private bool _stale = true;
    private long _sequence;
    private long _snapshotSequence;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var id = this.GetPrimaryKeyString();
        if (!registry.TryGet(id, out var site) || !site.IsSite)
        {
            throw new InvalidOperationException($"'{id}' is not a site of the registry.");
        }

        _site = site;
        // Made once: making a grain reference resolves its interface type by reflection.
        _parent = site.Parent is { } parent ? GrainFactory.GetGrain<IUnitGrain>(parent.Id) : null;
        _watchers = new Watchers(options.Value.WatchLease, logger);
        _flush = new CoalescingFlush(this, options.Value.FlushIntervalFor(UnitLevels.Site), FlushAsync);
        await RecoverAsync(cancellationToken);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _flush is null ? Task.CompletedTask : _flush.FlushPendingAsync();

    public async Task<ReportResult[]> ApplyAsync(SiteReport[] reports)
    {
        var results = new ReportResult[reports.Length];
        var events = new List<HouseholdReported>(reports.Length);
        // Most batches hold one report per site (random households): no set for those.
        var inBatch = reports.Length > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
        for (var i = 0; i < reports.Length; i++)
        {
            var report = reports[i];
            if (report.Household < 1 || report.Household > _state.Households)
            {
                results[i] = ReportResult.Rejected($"household {report.Household} is outside 1..{_state.Households} for site {_site.Id}.");
            }
            else if (_state.HasSeen(report.ReportId) || inBatch?.Add(report.ReportId) == false)
            {
                results[i] = ReportResult.Duplicate;
            }
            else
            {
                events.Add(HouseholdReported.From(report));
                results[i] = ReportResult.Accepted;
            }
        }

        if (events.Count == 0)
        {
            return results;
        }

        // Durable first, applied second: a write that fails leaves the state as it was and acknowledges nothing.
        var records = new JournalRecord[events.Count];
        for (var k = 0; k < records.Length; k++)
        {
            records[k] = events[k].ToRecord(_sequence + 1 + k);
        }

        try
        {
            await journal.AppendAsync(_site.Id, records);
        }
        catch (Exception e)
        {
            // The outcome may be unknown (a timeout after commit): reload from the journal before the next batch.
            LogAppendFailed(e, _site.Id);
            DeactivateOnIdle();
            throw;
        }

        _sequence += records.Length;
        var changed = false;
        foreach (var e in events)
        {
            changed |= _state.Apply(e);
        }

        if (changed)
        {
            RefreshStaleness();
            _flush.Request();
        }

        if (_sequence - _snapshotSequence >= options.Value.SnapshotEvery)
        {
            SaveSnapshot();
        }

        return results;
    }

    public Task<UnitSummary> GetSummaryAsync() => Task.FromResult(Summary());

    public Task<UnitSnapshot> GetSnapshotAsync(bool includeChildren) => Task.FromResult(new UnitSnapshot(Summary(), []));

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

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var history = await journal.LoadAsync(_site.Id, withSnapshot: true, cancellationToken);
        var households = (int)_site.Households;
        SiteState? state = null;
        try
        {
            state = history.Snapshot is { } snapshot ? SiteState.FromSnapshot(snapshot, households) : null;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            LogSnapshotUnreadable(e, _site.Id);
        }

        if (state is null && history.Snapshot is not null)
        {
            // The snapshot does not fit the registry or cannot be read: the journal alone holds everything.
            history = await journal.LoadAsync(_site.Id, withSnapshot: false, cancellationToken);
        }

        _state = state ?? new SiteState(households);
        foreach (var record in history.Records)
        {
            _state.Apply(record.ToEvent());
        }

        _sequence = history.LastSequence;
        _snapshotSequence = history.SnapshotSequence;
        RefreshStaleness();
        if (_sequence > 0)
        {
            // The parent may have missed the last flush before a crash; it ignores a version it already has.
            _flush.Request();
        }
    }

    private void SaveSnapshot()
    {
        var sequence = _sequence;
        var snapshot = _state.ToSnapshot();
        _snapshotSequence = sequence;
        // Off the acknowledgement path: a lost snapshot only means a longer replay next time.
        _ = journal.SaveSnapshotAsync(_site.Id, sequence, snapshot).ContinueWith(
            t => LogSnapshotFailed(t.Exception!, _site.Id), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private UnitSummary Summary() => new()
    {
        Id = _site.Id,
        Name = _site.Name,
        Level = _site.Level,
        ParentId = _site.Parent?.Id,
        Kind = _site.Kind,
        RegisteredHouseholds = _state.Households,
        ScreenedHouseholds = _state.Screened,
        AbsentHouseholds = _state.Absent,
        RefusedHouseholds = _state.Refused,
        Residents = _state.Residents,
        LastReportAt = _state.LastReportUtcTicks == 0 ? null : registry.ToLocal(new DateTimeOffset(_state.LastReportUtcTicks, TimeSpan.Zero)),
        Sites = 1,
        StaleSites = _stale ? 1 : 0,
        Version = Version(),
    };

    // Derived, not counted, so that it is the same after a replay: two steps per change, one more while stale.
    private long Version() => 2 * _state.EffectiveEvents + (_stale && _state.EffectiveEvents > 0 ? 1 : 0);

    private void RefreshStaleness()
    {
        var stale = _state.LastReportUtcTicks == 0
            || clock.UtcNow.UtcTicks - _state.LastReportUtcTicks >= options.Value.StalePeriod.Ticks;
        if (stale != _stale)
        {
            _stale = stale;
            _flush.Request();
        }

        // Only a fresh site can go stale by itself; it stays active until then, a stale one may be collected.
        if (!_stale && _staleCheck is null)
        {
            var interval = options.Value.StaleCheckInterval;
            _staleCheck = this.RegisterGrainTimer(CheckStalenessAsync, new GrainTimerCreationOptions(interval, interval) { KeepAlive = true });
        }
        else if (_stale && _staleCheck is not null)
        {
            _staleCheck.Dispose();
            _staleCheck = null;
        }
    }

    private Task CheckStalenessAsync()
    {
        RefreshStaleness();
        return Task.CompletedTask;
    }

    private async Task FlushAsync()
    {
        var summary = Summary();
        // One-way: returns at once; see IUnitGrain.ChildChangedAsync for how a lost summary is repaired.
        _ = _parent?.ChildChangedAsync(summary);
        recorder.Record(summary);
        await _watchers.NotifyAsync(summary, []);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Site {SiteId} could not write to the journal; nothing of the batch was acknowledged")]
    private partial void LogAppendFailed(Exception exception, string siteId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Site {SiteId} has a snapshot it cannot read; replaying its whole journal instead")]
    private partial void LogSnapshotUnreadable(Exception exception, string siteId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Site {SiteId} could not save a snapshot; recovery replays more of the journal")]
    private partial void LogSnapshotFailed(Exception exception, string siteId);
}
