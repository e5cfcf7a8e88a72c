using Canvass.Abstractions.Gaps;
using Canvass.Abstractions.Push;
using Canvass.Abstractions.Screening;
using Canvass.Abstractions.Units;
using Canvass.Grains.Checkpoints;
using Canvass.Grains.Gaps;
using Canvass.Grains.Push;
using Canvass.Grains.Rollup;
using Canvass.Registry;
using Canvass.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Canvass.Grains.Screening;

/// <summary>
/// One compound or urban village. Turns a batch of reports (household or checkpoint) or an acknowledgement into
/// events, writes them to the journal, applies them once they are durable, then tells its community (coalesced) and
/// its watchers. Its alerts are derived from that state and the clock (<see cref="GapRules"/>).
/// </summary>
public sealed partial class SiteGrain(
    UnitRegistry registry,
    ISiteJournal journal,
    IOptions<RollupOptions> options,
    IOptions<JournalOptions> journalOptions,
    GapRules gaps,
    ScreeningClock clock,
    History.HistoryRecorder recorder,
    ILogger<SiteGrain> logger) : Grain, ISiteGrain
{
    // A site's version is its changes times this plus the changes time made since the last one (alerts raised or
    // escalated, checks leaving the last hour), which stay far below it.
    private const long VersionsPerChange = 1 << 16;

    private RegistryUnit _site = null!;
    private IUnitGrain? _parent;
    private SiteState _state = null!;
    private Watchers _watchers = null!;
    private CoalescingFlush _flush = null!;
    private IGrainTimer? _timeCheck;
    private long _flushedVersion;
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

    public async Task<ReportResult[]> ApplyAsync(SiteReport[] reports, string? submittedBy = null)
    {
        var results = new ReportResult[reports.Length];
        var fresh = await BatchTriage.NewReportsAsync(reports, results, static r => r.ReportId,
            r => r.Household < 1 || r.Household > _state.Households ? $"household {r.Household} is outside 1..{_state.Households} for site {_site.Id}." : null,
            r => _state.Check(r.Household, r.ScreenedAt.UtcTicks, ReportIdHash.Of(r.ReportId)),
            SeenAsync);
        if (fresh.Count == 0)
        {
            return results;
        }

        var events = fresh.ConvertAll(i => HouseholdReported.From(reports[i]));
        await AppendAsync(events, (e, sequence) => e.ToRecord(sequence) with { SubmittedBy = submittedBy });
        var changed = false;
        foreach (var e in events)
        {
            changed |= _state.Apply(e);
        }

        Applied(changed);
        return results;
    }

    public async Task<ReportResult[]> ApplyCheckpointsAsync(CheckpointReport[] reports, string? submittedBy = null)
    {
        var results = new ReportResult[reports.Length];
        var fresh = await BatchTriage.NewReportsAsync(reports, results, static r => r.ReportId, static _ => null,
            r => _state.Checkpoints.Check(r.At.UtcTicks, ReportIdHash.Of(r.ReportId)),
            SeenAsync);
        if (fresh.Count == 0)
        {
            return results;
        }

        var events = fresh.ConvertAll(i => CheckpointReported.From(reports[i]));
        await AppendAsync(events, (e, sequence) => e.ToRecord(sequence) with { SubmittedBy = submittedBy });
        foreach (var e in events)
        {
            _state.Apply(e);
        }

        Applied(changed: true);
        return results;
    }

    /// <summary>
    /// Which of the ids the site journaled within the duplicate window: asked only for reports older than what the
    /// site holds, which change no figure whatever the answer, so that the reply says truly whether each was a resend.
    /// </summary>
    private async Task<IReadOnlySet<string>> SeenAsync(string[] reportIds)
    {
        var since = clock.UtcNow.UtcTicks - journalOptions.Value.DuplicateWindow.Ticks;
        var from = _state.Marks.FirstSequenceSince(since);
        if (from > _sequence)
        {
            return new HashSet<string>();
        }

        try
        {
            return await journal.FindReportIdsAsync(_site.Id, from, reportIds);
        }
        catch (Exception e)
        {
            LogLookupFailed(e, _site.Id);
            throw;
        }
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
        await AppendAsync([e.ToRecord(_site.Id, _sequence + 1)]);
        _state.Apply(e);
        Applied(changed: true);
        return new AcknowledgeOutcome(AcknowledgeStatus.Acknowledged, Find(key, now));
    }

    public Task<IReadOnlyList<GapAlert>> GetAlertsAsync(int minEscalations) =>
        Task.FromResult<IReadOnlyList<GapAlert>>(gaps.Alerts(_state, _site, clock.UtcNow.UtcTicks, minEscalations));

    public Task<IReadOnlyList<HouseholdStatus>> GetHouseholdsAsync()
    {
        var households = new HouseholdStatus[_state.Households];
        for (var h = 1; h <= households.Length; h++)
        {
            var reported = _state.ReportedAtTicks(h);
            households[h - 1] = reported == 0
                ? new HouseholdStatus(h, null, null, null)
                : new HouseholdStatus(h, _state.OutcomeOf(h), registry.ToLocal(new DateTimeOffset(reported, TimeSpan.Zero)), _state.ResidentsOf(h));
        }

        return Task.FromResult<IReadOnlyList<HouseholdStatus>>(households);
    }

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

    /// <summary>Journals events as the records after the site's last sequence number.</summary>
    private Task AppendAsync<T>(List<T> events, Func<T, long, JournalRecord> toRecord)
    {
        var records = new JournalRecord[events.Count];
        for (var k = 0; k < records.Length; k++)
        {
            records[k] = toRecord(events[k], _sequence + 1 + k);
        }

        return AppendAsync(records);
    }

    /// <summary>Durable first, applied second: a write that fails leaves the state as it was and acknowledges nothing.</summary>
    private async Task AppendAsync(JournalRecord[] records)
    {
        var now = clock.UtcNow.UtcTicks;
        for (var k = 0; k < records.Length; k++)
        {
            records[k] = records[k] with { AcknowledgedAtUtcTicks = now };
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

        _state.Marks.Acknowledged(_sequence + 1, now);
        _sequence += records.Length;
    }

    private void Applied(bool changed)
    {
        if (changed)
        {
            _flush.Request();
            WatchTime();
        }

        if (_sequence - _snapshotSequence >= options.Value.SnapshotEvery)
        {
            SaveSnapshot();
        }
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
            state = history.Snapshot is { } snapshot ? SiteState.FromSnapshot(snapshot, households, clock.UtcNow.UtcTicks) : null;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            LogSnapshotUnreadable(e, _site.Id);
        }

        if (state is null && history.Snapshot is not null)
        {
            // The snapshot cannot be read: the journal holds everything (all of it unless Journal:Retention compacted it).
            history = await journal.LoadAsync(_site.Id, withSnapshot: false, cancellationToken);
        }

        _state = state ?? new SiteState(households);
        foreach (var record in history.Records)
        {
            record.ApplyTo(_state, _site.Id);
        }

        _sequence = history.LastSequence;
        _snapshotSequence = history.SnapshotSequence;
        WatchTime();
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

    private UnitSummary Summary()
    {
        var now = clock.UtcNow.UtcTicks;
        var figures = gaps.Figures(_state, _site, now);
        var checkpoints = _state.Checkpoints;
        return new()
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
            StaleSites = _state.LastReportUtcTicks == 0 || now - _state.LastReportUtcTicks >= options.Value.StalePeriod.Ticks ? 1 : 0,
            ClosedSites = checkpoints.HasReport && checkpoints.Closed ? 1 : 0,
            UnstaffedSites = checkpoints.HasReport && !checkpoints.Staffed ? 1 : 0,
            TemperatureChecksLastHour = checkpoints.ChecksInLastHour(now),
            OpenAlerts = figures.Open,
            UnacknowledgedAlerts = figures.Unacknowledged,
            EscalatedAlerts = figures.Escalated,
            // Derived, not counted, so that it is the same after a replay; see VersionsPerChange.
            Version = _state.Changes * VersionsPerChange + Math.Min(figures.Steps, VersionsPerChange - 1),
        };
    }

    /// <summary>
    /// Keeps a timer while time alone will change the site (it goes stale, an alert is raised or escalates, checks
    /// leave the last hour), checking every <c>Rollup:StaleCheckInterval</c>; the site stays active until then. A
    /// site never visited has none: the root's sweep pulls its summary, so its alert escalates there.
    /// </summary>
    private void WatchTime()
    {
        var visited = _state.LastReportUtcTicks != 0 || _state.Checkpoints.HasReport;
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
        if (Summary().Version != _flushedVersion)
        {
            _flush.Request();
        }

        WatchTime();
        return Task.CompletedTask;
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
        await _watchers.NotifyAsync(summary, []);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Site {SiteId} could not write to the journal; nothing of the batch was acknowledged")]
    private partial void LogAppendFailed(Exception exception, string siteId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Site {SiteId} could not look up resent reports in the journal; nothing of the batch was acknowledged")]
    private partial void LogLookupFailed(Exception exception, string siteId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Site {SiteId} has a snapshot it cannot read; replaying its whole journal instead")]
    private partial void LogSnapshotUnreadable(Exception exception, string siteId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Site {SiteId} could not save a snapshot; recovery replays more of the journal")]
    private partial void LogSnapshotFailed(Exception exception, string siteId);
}
