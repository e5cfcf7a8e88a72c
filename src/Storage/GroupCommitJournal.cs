using System.Diagnostics;
using System.Threading.Channels;

namespace Canvass.Storage;

/// <summary>
/// Group commit: appends from every site queue up while a transaction is in flight and the next transaction takes
/// them all, so that durability costs one commit per batch of batches, not one per report. If a combined
/// transaction fails, each write is retried alone, so one site's conflict never fails another site's reports.
/// </summary>
public abstract class GroupCommitJournal : ISiteJournal, IAsyncDisposable
{
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = false });
    private readonly int _maxRecords;
    private readonly Task[] _writers;
    private readonly SemaphoreSlim _loads;

    protected GroupCommitJournal(int maxRecordsPerCommit, int writers, int maxConcurrentLoads)
    {
        _maxRecords = Math.Max(1, maxRecordsPerCommit);
        _loads = new SemaphoreSlim(Math.Max(1, maxConcurrentLoads));
        _writers = Enumerable.Range(0, Math.Max(1, writers)).Select(_ => Task.Run(WriteLoopAsync)).ToArray();
    }

    /// <summary>
    /// Loads are bounded: when a dead silo's thousands of sites reactivate at once, they queue here instead of
    /// exhausting connections and timing each other out.
    /// </summary>
    public async Task<SiteHistory> LoadAsync(string siteId, bool withSnapshot = true, CancellationToken cancellationToken = default)
    {
        await _loads.WaitAsync(cancellationToken);
        try
        {
            return await LoadCoreAsync(siteId, withSnapshot, cancellationToken);
        }
        finally
        {
            _loads.Release();
        }
    }

    protected abstract Task<SiteHistory> LoadCoreAsync(string siteId, bool withSnapshot, CancellationToken cancellationToken);

    /// <summary>Bounded like loads: it reads the store.</summary>
    public async Task<IReadOnlySet<string>> FindReportIdsAsync(string siteId, long fromSequence, IReadOnlyCollection<string> reportIds, CancellationToken cancellationToken = default)
    {
        await _loads.WaitAsync(cancellationToken);
        try
        {
            return await FindReportIdsCoreAsync(siteId, fromSequence, reportIds, cancellationToken);
        }
        finally
        {
            _loads.Release();
        }
    }

    protected abstract Task<IReadOnlySet<string>> FindReportIdsCoreAsync(string siteId, long fromSequence, IReadOnlyCollection<string> reportIds, CancellationToken cancellationToken);

    /// <summary>Bounded like loads: it reads the store.</summary>
    public async Task<IReadOnlyList<LateArrivals>> CountArrivedLateAsync(long screenedBeforeUtcTicks, long arrivedAfterUtcTicks, long arrivedUpToUtcTicks, IReadOnlyCollection<byte> kinds, CancellationToken cancellationToken = default)
    {
        await _loads.WaitAsync(cancellationToken);
        try
        {
            return await CountArrivedLateCoreAsync(screenedBeforeUtcTicks, arrivedAfterUtcTicks, arrivedUpToUtcTicks, kinds, cancellationToken);
        }
        finally
        {
            _loads.Release();
        }
    }

    protected abstract Task<IReadOnlyList<LateArrivals>> CountArrivedLateCoreAsync(long screenedBeforeUtcTicks, long arrivedAfterUtcTicks, long arrivedUpToUtcTicks, IReadOnlyCollection<byte> kinds, CancellationToken cancellationToken);

    public abstract Task PingAsync(CancellationToken cancellationToken = default);

    public abstract Task<long> CompactAsync(long acknowledgedBeforeUtcTicks, CancellationToken cancellationToken = default);

    public Task AppendAsync(string siteId, IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken = default)
    {
        if (records.Count == 0)
        {
            return Task.CompletedTask;
        }

        // The span covers the wait for the group's transaction as well as the commit: what the report waited for.
        var activity = JournalTracing.Source.StartActivity("journal append");
        var done = Enqueue(new PendingWrite(siteId, records, null, 0));
        return activity is null ? done : TracedAsync(done, activity, siteId, records.Count);
    }

    private static async Task TracedAsync(Task done, Activity activity, string siteId, int records)
    {
        using (activity)
        {
            activity.SetTag("canvass.site", siteId);
            activity.SetTag("canvass.journal.records", records);
            try
            {
                await done;
            }
            catch (Exception e)
            {
                activity.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
                throw;
            }
        }
    }

    public Task SaveSnapshotAsync(string siteId, long sequence, byte[] snapshot, CancellationToken cancellationToken = default) =>
        Enqueue(new PendingWrite(siteId, [], snapshot, sequence));

    /// <summary>Writes every record and snapshot of <paramref name="batch"/> in one transaction, or throws and writes none.</summary>
    protected abstract Task WriteAsync(IReadOnlyList<PendingWrite> batch, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="exception"/> means a record's sequence number was already taken.</summary>
    protected abstract bool IsConflict(Exception exception);

    private Task Enqueue(PendingWrite write)
    {
        // A failed write is a faulted task, never an exception at the call, like every other failure of the journal.
        return _queue.Writer.TryWrite(write)
            ? write.Done.Task
            : Task.FromException(new ObjectDisposedException(GetType().Name, "The journal is shut down; nothing was written."));
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingWrite>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            var records = 0;
            while (records < _maxRecords && _queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
                records += write.Records.Count + 1;
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                await WriteAsync(batch, CancellationToken.None);
                foreach (var write in batch)
                {
                    write.Done.TrySetResult();
                }
            }
            catch (Exception) when (batch.Count > 1)
            {
                // Find the write that spoiled the transaction; the others must not pay for it.
                foreach (var write in batch)
                {
                    await WriteAloneAsync(write);
                }
            }
            catch (Exception e)
            {
                Fail(batch[0], e);
            }
        }
    }

    private async Task WriteAloneAsync(PendingWrite write)
    {
        try
        {
            await WriteAsync([write], CancellationToken.None);
            write.Done.TrySetResult();
        }
        catch (Exception e)
        {
            Fail(write, e);
        }
    }

    private void Fail(PendingWrite write, Exception e) =>
        write.Done.TrySetException(IsConflict(e) && write.Records.Count > 0 ? new JournalConflictException(write.SiteId, write.Records[0].Sequence, e) : e);

    public virtual async ValueTask DisposeAsync()
    {
        // Let what was accepted into the queue reach the store before the process goes.
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
        GC.SuppressFinalize(this);
    }

    /// <summary>One site's records, or one snapshot, waiting for its transaction.</summary>
    protected sealed record PendingWrite(string SiteId, IReadOnlyList<JournalRecord> Records, byte[]? Snapshot, long SnapshotSequence)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
