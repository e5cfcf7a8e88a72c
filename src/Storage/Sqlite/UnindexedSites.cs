namespace Canvass.Storage.Sqlite;

/// <summary>
/// The records written since the last index round, by site: what a load or a lookup reads from memory instead of
/// waiting for the round, and the last sequence numbers the writer checks new records against. Holds at most a
/// round's worth (about a second of flat-out ingest). Thread-safe: the writer adds, the indexer clears, reads copy.
/// </summary>
internal sealed class UnindexedSites
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<JournalRecord>> _pending = new(StringComparer.Ordinal);
    private long _records;
    private long _oldestTimestamp;

    /// <summary>Records written since the last round.</summary>
    public long Records { get { lock (_lock) { return _records; } } }

    /// <summary>When the oldest record not yet indexed was written (<see cref="TimeProvider.GetTimestamp"/>), 0 if none.</summary>
    public long OldestTimestamp { get { lock (_lock) { return _oldestTimestamp; } } }

    public bool TryGetHead(string siteId, out long sequence)
    {
        lock (_lock)
        {
            var found = _pending.TryGetValue(siteId, out var records);
            sequence = found ? records![^1].Sequence : 0;
            return found;
        }
    }

    /// <summary>After a commit: these records are durable and not yet indexed.</summary>
    public void Written(IEnumerable<(string SiteId, IReadOnlyList<JournalRecord> Records)> writes)
    {
        lock (_lock)
        {
            foreach (var (site, records) in writes)
            {
                if (!_pending.TryGetValue(site, out var list))
                {
                    _pending[site] = list = [];
                }

                list.AddRange(records);
                if (_records == 0)
                {
                    _oldestTimestamp = TimeProvider.System.GetTimestamp();
                }

                _records += records.Count;
            }
        }
    }

    /// <summary>
    /// A copy of the site's records not yet indexed. Taken before reading the index, so that a round running in
    /// between leaves each record in one of the two or both (never neither); callers drop the repeats by sequence.
    /// </summary>
    public JournalRecord[] Of(string siteId)
    {
        lock (_lock)
        {
            return _pending.TryGetValue(siteId, out var records) ? [.. records] : [];
        }
    }

    /// <summary>After a round that indexed everything written before it, under the writer's lock.</summary>
    public void Indexed()
    {
        lock (_lock)
        {
            _pending.Clear();
            _records = 0;
            _oldestTimestamp = 0;
        }
    }
}
