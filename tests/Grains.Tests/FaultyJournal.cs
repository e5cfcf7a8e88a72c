using Canvass.Storage;

namespace Canvass.Grains.Tests;

/// <summary>A journal that fails the next appends a test asks it to, before they reach the store underneath, and holds a site's loads when asked.</summary>
public sealed class FaultyJournal(ISiteJournal inner) : ISiteJournal
{
    private int _failures;

    /// <summary>Makes the next <paramref name="count"/> appends throw without writing anything.</summary>
    public void FailNextAppends(int count) => Interlocked.Exchange(ref _failures, count);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> _held = new(StringComparer.Ordinal);

    /// <summary>Makes loads of <paramref name="siteId"/> wait (as a slow disk or a dead silo would) until the returned source is completed.</summary>
    public TaskCompletionSource HoldLoads(string siteId) =>
        _held.GetOrAdd(siteId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public async Task<SiteHistory> LoadAsync(string siteId, bool withSnapshot = true, CancellationToken cancellationToken = default)
    {
        if (_held.TryGetValue(siteId, out var held))
        {
            await held.Task;
        }

        return await inner.LoadAsync(siteId, withSnapshot, cancellationToken);
    }

    public Task AppendAsync(string siteId, IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken = default) =>
        TakeFailure()
            ? throw new IOException("Injected journal failure: the disk is unavailable.")
            : inner.AppendAsync(siteId, records, cancellationToken);

    private bool TakeFailure()
    {
        for (var left = Volatile.Read(ref _failures); left > 0; left = Volatile.Read(ref _failures))
        {
            if (Interlocked.CompareExchange(ref _failures, left - 1, left) == left)
            {
                return true;
            }
        }

        return false;
    }

    public Task<IReadOnlySet<string>> FindReportIdsAsync(string siteId, long fromSequence, IReadOnlyCollection<string> reportIds, CancellationToken cancellationToken = default) =>
        inner.FindReportIdsAsync(siteId, fromSequence, reportIds, cancellationToken);

    public Task SaveSnapshotAsync(string siteId, long sequence, byte[] snapshot, CancellationToken cancellationToken = default) =>
        inner.SaveSnapshotAsync(siteId, sequence, snapshot, cancellationToken);

    public Task<long> CompactAsync(long acknowledgedBeforeUtcTicks, CancellationToken cancellationToken = default) =>
        inner.CompactAsync(acknowledgedBeforeUtcTicks, cancellationToken);

    public Task<IReadOnlyList<LateArrivals>> CountArrivedLateAsync(long screenedBeforeUtcTicks, long arrivedAfterUtcTicks, long arrivedUpToUtcTicks, IReadOnlyCollection<byte> kinds, CancellationToken cancellationToken = default) =>
        inner.CountArrivedLateAsync(screenedBeforeUtcTicks, arrivedAfterUtcTicks, arrivedUpToUtcTicks, kinds, cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken = default) => inner.PingAsync(cancellationToken);
}
