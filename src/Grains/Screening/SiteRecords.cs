using Canvass.Grains.Rollup;
using Canvass.Storage;
using Canvass.Storage.History;
using Microsoft.Extensions.Logging;

namespace Canvass.Grains.Screening;

/// <summary>
/// A site's side of its journal: the state recovered from the last snapshot and the records after it, new records
/// appended after the last sequence number (durable before they are applied), a snapshot every
/// <c>Rollup:SnapshotEvery</c> records, and the lookup of resent report ids.
/// </summary>
internal sealed partial class SiteRecords(string siteId, ISiteJournal journal, ScreeningClock clock, TimeSpan duplicateWindow,
    Action onUnknownOutcome, ILogger logger)
{
    private long _snapshotSequence;

    /// <summary>The sequence number of the last record journaled.</summary>
    public long Sequence { get; private set; }

    /// <summary>When the last append was journaled (UTC ticks): its records' acknowledgement time, which replay reads back.</summary>
    public long AppendedAtUtcTicks { get; private set; }

    /// <summary>The site's state: the snapshot when it can be read, then every record after it.</summary>
    public async Task<SiteState> RecoverAsync(int households, HistoryOptions historyOptions, CancellationToken cancellationToken)
    {
        var history = await journal.LoadAsync(siteId, withSnapshot: true, cancellationToken);
        SiteState? state = null;
        try
        {
            state = history.Snapshot is { } snapshot ? SiteState.FromSnapshot(snapshot, households, clock.UtcNow.UtcTicks, historyOptions) : null;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            LogSnapshotUnreadable(e, siteId);
        }

        if (state is null && history.Snapshot is not null)
        {
            // The snapshot cannot be read: the journal holds everything (all of it unless Journal:Retention compacted it).
            history = await journal.LoadAsync(siteId, withSnapshot: false, cancellationToken);
        }

        state ??= new SiteState(households, historyOptions);
        foreach (var record in history.Records)
        {
            record.ApplyTo(state, siteId);
        }

        Sequence = history.LastSequence;
        _snapshotSequence = history.SnapshotSequence;
        return state;
    }

    /// <summary>
    /// Which of the ids the site journaled within the duplicate window: asked only for reports older than what the
    /// site holds, which change no figure whatever the answer, so that the reply says truly whether each was a resend.
    /// </summary>
    public async Task<IReadOnlySet<string>> SeenAsync(SiteState state, string[] reportIds)
    {
        var since = clock.UtcNow.UtcTicks - duplicateWindow.Ticks;
        var from = state.Marks.FirstSequenceSince(since);
        if (from > Sequence)
        {
            return new HashSet<string>();
        }

        try
        {
            return await journal.FindReportIdsAsync(siteId, from, reportIds);
        }
        catch (Exception e)
        {
            LogLookupFailed(e, siteId);
            throw;
        }
    }

    /// <summary>Journals events as the records after the site's last sequence number.</summary>
    public Task AppendAsync<T>(SiteState state, List<T> events, Func<T, long, JournalRecord> toRecord)
    {
        var records = new JournalRecord[events.Count];
        for (var k = 0; k < records.Length; k++)
        {
            records[k] = toRecord(events[k], Sequence + 1 + k);
        }

        return AppendAsync(state, records);
    }

    /// <summary>
    /// Durable first, applied second: a write that fails leaves the state as it was and acknowledges nothing. A record
    /// a silent team sent clears its silence here once durable.
    /// </summary>
    public async Task AppendAsync(SiteState state, JournalRecord[] records)
    {
        var now = clock.UtcNow.UtcTicks;
        for (var k = 0; k < records.Length; k++)
        {
            records[k] = records[k] with { AcknowledgedAtUtcTicks = now };
        }

        try
        {
            await journal.AppendAsync(siteId, records);
        }
        catch (Exception e)
        {
            // The outcome may be unknown (a timeout after commit): reload from the journal before the next batch.
            LogAppendFailed(e, siteId);
            onUnknownOutcome();
            throw;
        }

        AppendedAtUtcTicks = now;
        foreach (var record in records)
        {
            // As replay does (JournalMapping.ApplyTo): the one place every record passes, whatever its kind.
            Uploads.SilenceJournal.HeardIn(record, state);
        }

        state.Marks.Acknowledged(Sequence + 1, now);
        Sequence += records.Length;
    }

    /// <summary>Saves a snapshot of <paramref name="state"/> once <paramref name="every"/> records came since the last.</summary>
    public void SnapshotIfDue(SiteState state, int every)
    {
        if (Sequence - _snapshotSequence < every)
        {
            return;
        }

        var sequence = Sequence;
        var snapshot = state.ToSnapshot();
        _snapshotSequence = sequence;
        // Off the acknowledgement path: a lost snapshot only means a longer replay next time.
        _ = journal.SaveSnapshotAsync(siteId, sequence, snapshot).ContinueWith(
            t => LogSnapshotFailed(t.Exception!, siteId), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
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
