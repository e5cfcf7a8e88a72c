namespace Canvass.Storage.Memory;

/// <summary>A journal in process memory: the same contract, lost on exit. For tests and for measuring what storage costs.</summary>
public sealed class MemoryJournal : ISiteJournal
{
    private readonly Dictionary<string, SiteLog> _sites = new(StringComparer.Ordinal);

    public Task<SiteHistory> LoadAsync(string siteId, bool withSnapshot = true, CancellationToken cancellationToken = default)
    {
        lock (_sites)
        {
            if (!_sites.TryGetValue(siteId, out var log))
            {
                return Task.FromResult(SiteHistory.Empty);
            }

            var after = withSnapshot ? log.SnapshotSequence : 0;
            var tail = log.Records.Where(r => r.Sequence > after).ToArray();
            return Task.FromResult(new SiteHistory(after, withSnapshot ? log.Snapshot : null, tail));
        }
    }

    public Task AppendAsync(string siteId, IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken = default)
    {
        try
        {
            Append(siteId, records);
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            // Like the other backends: a failed write is a faulted task, not an exception at the call.
            return Task.FromException(e);
        }
    }

    private void Append(string siteId, IReadOnlyList<JournalRecord> records)
    {
        lock (_sites)
        {
            var log = Log(siteId);
            var last = log.Records.Count > 0 ? log.Records[^1].Sequence : log.SnapshotSequence;
            for (var i = 0; i < records.Count; i++)
            {
                // The same NOT NULL rules as the tables of the other backends.
                if (records[i].ReportId is null || records[i].ScreenerId is null)
                {
                    throw new ArgumentException($"Record {records[i].Sequence} of site {siteId} has no report id or screener id.", nameof(records));
                }

                if (records[i].Sequence <= last + i)
                {
                    throw new JournalConflictException(siteId, records[i].Sequence);
                }
            }

            log.Records.AddRange(records);
        }
    }

    public Task<IReadOnlySet<string>> FindReportIdsAsync(string siteId, long fromSequence, IReadOnlyCollection<string> reportIds, CancellationToken cancellationToken = default)
    {
        var wanted = reportIds.ToHashSet(StringComparer.Ordinal);
        var found = new HashSet<string>(StringComparer.Ordinal);
        lock (_sites)
        {
            if (_sites.TryGetValue(siteId, out var log))
            {
                found.UnionWith(log.Records.Where(r => r.Sequence >= fromSequence && wanted.Contains(r.ReportId)).Select(r => r.ReportId));
            }
        }

        return Task.FromResult<IReadOnlySet<string>>(found);
    }

    public Task SaveSnapshotAsync(string siteId, long sequence, byte[] snapshot, CancellationToken cancellationToken = default)
    {
        lock (_sites)
        {
            var log = Log(siteId);
            if (sequence > log.SnapshotSequence)
            {
                log.SnapshotSequence = sequence;
                log.Snapshot = snapshot;
            }
        }

        return Task.CompletedTask;
    }

    public Task<long> CompactAsync(long acknowledgedBeforeUtcTicks, CancellationToken cancellationToken = default)
    {
        long removed = 0;
        lock (_sites)
        {
            foreach (var log in _sites.Values)
            {
                removed += log.Records.RemoveAll(r => r.AcknowledgedAtUtcTicks < acknowledgedBeforeUtcTicks && r.Sequence <= log.SnapshotSequence);
            }
        }

        return Task.FromResult(removed);
    }

    public Task<IReadOnlyList<LateArrivals>> CountArrivedLateAsync(long screenedBeforeUtcTicks, long arrivedAfterUtcTicks, long arrivedUpToUtcTicks, IReadOnlyCollection<byte> kinds, CancellationToken cancellationToken = default)
    {
        var counts = new List<LateArrivals>();
        lock (_sites)
        {
            foreach (var (siteId, log) in _sites)
            {
                foreach (var group in log.Records
                    .Where(r => r.ScreenedAtUtcTicks < screenedBeforeUtcTicks && r.AcknowledgedAtUtcTicks > arrivedAfterUtcTicks
                        && r.AcknowledgedAtUtcTicks <= arrivedUpToUtcTicks && kinds.Contains(r.Kind))
                    .GroupBy(r => r.Kind))
                {
                    counts.Add(new LateArrivals(siteId, group.Key, group.LongCount()));
                }
            }
        }

        return Task.FromResult<IReadOnlyList<LateArrivals>>(counts);
    }

    public Task PingAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    private SiteLog Log(string siteId)
    {
        if (!_sites.TryGetValue(siteId, out var log))
        {
            _sites[siteId] = log = new SiteLog();
        }

        return log;
    }

    private sealed class SiteLog
    {
        public List<JournalRecord> Records { get; } = [];
        public long SnapshotSequence { get; set; }
        public byte[]? Snapshot { get; set; }
    }
}
