using Canvass.Abstractions.Care;
using Canvass.Abstractions.Gaps;
using Canvass.Abstractions.Push;
using Canvass.Abstractions.Screening;
using Canvass.Abstractions.Units;
using Canvass.Grains.Care;
using Canvass.Grains.Checkpoints;
using Canvass.Grains.Gaps;
using Canvass.Grains.Push;
using Canvass.Grains.Rollup;
using Canvass.Grains.Uploads;
using Canvass.Registry;
using Canvass.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Canvass.Grains.Screening;

/// <summary>
/// One compound or urban village. Turns a batch of reports (household or checkpoint) or an acknowledgement into
/// events, writes them to the journal, applies them once they are durable, then tells its community (coalesced) and
/// its watchers. Its alerts are derived from that state and the clock (<see cref="GapRules"/>); its journal side
/// (recovery, appends, snapshots) is <see cref="SiteRecords"/>, what it shows of its state <see cref="SiteView"/>.
/// </summary>
public sealed class SiteGrain(
    UnitRegistry registry,
    ISiteJournal journal,
    IOptions<RollupOptions> options,
    IOptions<JournalOptions> journalOptions,
    GapRules gaps,
    ScreeningClock clock,
    History.HistoryRecorder recorder,
    IOptions<Storage.History.HistoryOptions> history,
    ILogger<SiteGrain> logger) : Grain, ISiteGrain
{
    private RegistryUnit _site = null!;
    private IUnitGrain? _parent;
    private SiteState _state = null!;
    private Watchers _watchers = null!;
    private CoalescingFlush _flush = null!;
    private IGrainTimer? _timeCheck;
    private SiteRecords _records = null!;
    private SiteCare _care = null!;
    private SiteSilence _silence = null!;
    private long _silenceEvents;
    private long _flushedVersion;
    private string[] _ancestors = [];

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
        _ancestors = Ancestors(site);
        _watchers = new Watchers(options.Value.WatchLease, logger);
        _flush = new CoalescingFlush(this, options.Value.FlushIntervalFor(UnitLevels.Site), FlushAsync);
        _records = new SiteRecords(site.Id, journal, clock, journalOptions.Value.DuplicateWindow, DeactivateOnIdle, logger);
        _state = await _records.RecoverAsync((int)site.Households, history.Value, cancellationToken);
        // Every row of the late window is written again at the first flush: rows idempotent per site, so this
        // repairs a history write lost with a silo and changes nothing otherwise.
        _state.Timeline.MarkAllChanged();
        _care = new SiteCare(site.Id, _state, _records, gaps.Care, clock);
        _silence = new SiteSilence(_state, _records, gaps.Shift, clock);
        // Before the first summary: a replay recreates what was compacted before the restart (see CareState.Events).
        Tidy();
        _silenceEvents = _state.Silences.Events;
        WatchTime();
        if (_records.Sequence > 0 || _state.Timeline.Count > 0)
        {
            // The parent may have missed the last flush before a crash; it ignores a version it already has.
            _flush.Request();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _flush is null ? Task.CompletedTask : _flush.FlushPendingAsync();

    public async Task<ReportResult[]> ApplyAsync(SiteReport[] reports, string? submittedBy = null)
    {
        var results = new ReportResult[reports.Length];
        var fresh = await BatchTriage.NewReportsAsync(reports, results, static r => r.ReportId,
            r => r.Household < 1 || r.Household > _state.Households ? $"household {r.Household} is outside 1..{_state.Households} for site {_site.Id}." : null,
            r => _state.Check(r.Household, r.ScreenedAt.UtcTicks, ReportIdHash.Of(r.ReportId)),
            ids => _records.SeenAsync(_state, ids));
        if (fresh.Count == 0)
        {
            return results;
        }

        var events = fresh.ConvertAll(i => HouseholdReported.From(reports[i]));
        await _records.AppendAsync(_state, events, (e, sequence) => e.ToRecord(sequence) with { SubmittedBy = submittedBy });
        var changed = false;
        foreach (var e in events)
        {
            changed |= _state.Apply(e, _records.AppendedAtUtcTicks);
        }

        Applied(changed);
        return results;
    }

    public async Task<ReportResult[]> ApplyCheckpointsAsync(CheckpointReport[] reports, string? submittedBy = null)
    {
        var results = new ReportResult[reports.Length];
        var fresh = await BatchTriage.NewReportsAsync(reports, results, static r => r.ReportId, static _ => null,
            r => _state.Checkpoints.Check(r.At.UtcTicks, ReportIdHash.Of(r.ReportId)),
            ids => _records.SeenAsync(_state, ids));
        if (fresh.Count == 0)
        {
            return results;
        }

        var events = fresh.ConvertAll(i => CheckpointReported.From(reports[i]));
        await _records.AppendAsync(_state, events, (e, sequence) => e.ToRecord(sequence) with { SubmittedBy = submittedBy });
        foreach (var e in events)
        {
            _state.Apply(e, _records.AppendedAtUtcTicks);
        }

        Applied(changed: true);
        return results;
    }

    public async Task<AcknowledgeOutcome> AcknowledgeAsync(string alertId, string by, string note, string? subject = null)
    {
        if (!AlertKey.TryParse(alertId, out var siteId, out var key) || siteId != _site.Id)
        {
            return new AcknowledgeOutcome(AcknowledgeStatus.Unknown, null);
        }

        var now = clock.UtcNow.UtcTicks;
        if (Find(key, now) is not { } alert)
        {
            return new AcknowledgeOutcome(AcknowledgeStatus.Unknown, null);
        }

        if (alert.Acknowledgement is not null)
        {
            return new AcknowledgeOutcome(AcknowledgeStatus.AlreadyAcknowledged, alert);
        }

        var e = new AlertAcknowledged(key, by, note, now, subject);
        await _records.AppendAsync(_state, [e.ToRecord(_site.Id, _records.Sequence + 1)]);
        _state.Apply(e);
        Applied(changed: true);
        return new AcknowledgeOutcome(AcknowledgeStatus.Acknowledged, Find(key, now));
    }

    public Task<IReadOnlyList<GapAlert>> GetAlertsAsync(int minEscalations) =>
        Task.FromResult<IReadOnlyList<GapAlert>>(gaps.Alerts(_state, _site, clock.UtcNow.UtcTicks, minEscalations));

    public async Task RaiseTeamSilenceAsync(string subject, DateTimeOffset since) =>
        Applied(await _silence.RaiseAsync(subject, since.UtcTicks));

    public async Task ClearTeamSilenceAsync(string subject, DateTimeOffset since, DateTimeOffset heardAt) =>
        Applied(await _silence.ClearAsync(subject, since.UtcTicks, heardAt.UtcTicks));

    public async Task<ReportResult[]> ApplyQuarantinesAsync(QuarantinePlacement[] items, string? submittedBy = null) =>
        Applied(await _care.PlaceAsync(items, submittedBy));

    public async Task<QuarantineOutcome> ExtendQuarantineAsync(string quarantineId, DateTimeOffset plannedEnd, string? subject = null) =>
        Applied(await _care.ExtendAsync(quarantineId, plannedEnd, subject));

    public async Task<QuarantineOutcome> EndQuarantineAsync(string quarantineId, DateTimeOffset at, string? subject = null) =>
        Applied(await _care.EndAsync(quarantineId, at, subject));

    public async Task<ReportResult[]> ApplyHealthChecksAsync(HealthCheck[] items, string? submittedBy = null) =>
        Applied(await _care.CheckAsync(items, submittedBy));

    public async Task<ReportResult[]> ApplyCareRequestsAsync(CareRequestItem[] items, string? submittedBy = null) =>
        Applied(await _care.RequestAsync(items, submittedBy));

    public async Task<CareStepOutcome> StepCareAsync(string careId, CareStep step, string? reason, DateTimeOffset at, string? subject = null) =>
        Applied(await _care.StepAsync(careId, step, reason, at, subject));

    public Task<IReadOnlyList<Quarantine>> GetQuarantinesAsync() => Task.FromResult(_care.Quarantines());

    public Task<IReadOnlyList<CareRequest>> GetCareAsync(CareListState state) => Task.FromResult(_care.Requests(state));

    public Task<Quarantine?> GetQuarantineAsync(string quarantineId) => Task.FromResult(_care.Quarantine(quarantineId));

    public Task<CareRequest?> GetCareRequestAsync(string careId) => Task.FromResult(_care.Request(careId));

    public Task<IReadOnlyList<HouseholdStatus>> GetHouseholdsAsync() =>
        Task.FromResult<IReadOnlyList<HouseholdStatus>>(SiteView.Households(_state, registry));

    private GapAlert? Find(AlertKey key, long now)
    {
        foreach (var alert in gaps.Alerts(_state, _site, now, minEscalations: 0))
        {
            if (alert.Id == key.ToId(_site.Id))
            {
                return alert;
            }
        }

        return null;
    }

    private T Applied<T>((T Outcome, bool Changed) done)
    {
        if (done.Changed)
        {
            // A care event also lets the site compact what closed before today.
            Tidy();
        }

        Applied(done.Changed);
        return done.Outcome;
    }

    /// <summary>
    /// Compacts care closed before today and silent teams whose shift is over out of the state, and forgets the
    /// acknowledgements of cleared alerts: memory stays bounded by the work in progress. Off the screening path (a
    /// timer tick, a care event, activation).
    /// </summary>
    private void Tidy()
    {
        var now = clock.UtcNow.UtcTicks;
        _state.Care.Compact(now, gaps.Care);
        // Before the acknowledgements, so that a team's acknowledgement goes with the team, never while its steps still count.
        _state.Silences.Prune(gaps.Shift, now);
        if (_state.AcknowledgementCount > 0)
        {
            _state.PruneAcknowledgements(gaps.Raised(_state, now).Select(r => r.Key).ToHashSet());
        }
    }

    private void Applied(bool changed)
    {
        // A record from a silent team cleared its silence (SiteRecords.AppendAsync), whatever else it changed.
        changed |= _state.Silences.Events != _silenceEvents;
        _silenceEvents = _state.Silences.Events;
        if (changed)
        {
            _flush.Request();
            WatchTime();
        }

        _records.SnapshotIfDue(_state, options.Value.SnapshotEvery);
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

    private UnitSummary Summary()
    {
        var now = clock.UtcNow.UtcTicks;
        return SiteView.Summary(_site, _state, gaps.Figures(_state, _site, now), CareView.Figures(_state.Care, gaps.Care, now), now, options.Value.StalePeriod, registry);
    }

    /// <summary>
    /// Keeps a timer while time alone will change the site (it goes stale, an alert is raised or escalates, checks
    /// leave the last hour), checking every <c>Rollup:StaleCheckInterval</c>; the site stays active until then. A
    /// site never visited has none: the root's sweep pulls its summary, so its alert escalates there.
    /// </summary>
    private void WatchTime()
    {
        // Care keeps the timer too: its checks come due, its deadlines pass and its day ends by time alone.
        var visited = _state.LastReportUtcTicks != 0 || _state.Checkpoints.HasReport || !_state.Care.IsEmpty || _state.Silences.Count > 0;
        var waiting = visited && gaps.NextChange(_state, _site, clock.UtcNow.UtcTicks) is not null;
        if (waiting && _timeCheck is null)
        {
            var interval = options.Value.StaleCheckInterval;
            _timeCheck = this.RegisterGrainTimer(CheckTimeAsync, new GrainTimerCreationOptions(interval, interval) { KeepAlive = true });
        }
        else if (!waiting && _timeCheck is not null)
        {
            _timeCheck.Dispose();
            _timeCheck = null;
        }
    }

    private Task CheckTimeAsync()
    {
        Tidy();
        if (Summary().Version != _flushedVersion)
        {
            _flush.Request();
        }

        WatchTime();
        return Task.CompletedTask;
    }

    private static string[] Ancestors(RegistryUnit site)
    {
        var ancestors = new List<string>();
        for (var unit = site.Parent; unit is not null; unit = unit.Parent)
        {
            ancestors.Add(unit.Id);
        }

        return [.. ancestors];
    }

    private async Task FlushAsync()
    {
        using var activity = RollupTracing.Source.StartActivity("rollup flush");
        activity?.SetTag("canvass.unit", _site.Id);
        var summary = Summary();
        _flushedVersion = summary.Version;
        // One-way: returns at once; see IUnitGrain.ChildChangedAsync for how a lost summary is repaired.
        _ = _parent?.ChildChangedAsync(summary);
        recorder.Record(summary);
        recorder.RecordScreening(_site.Id, _ancestors, _state.Timeline.TakeChanged());
        _state.PruneTimeline(clock.UtcNow.UtcTicks);
        await _watchers.NotifyAsync(summary, []);
    }
}
