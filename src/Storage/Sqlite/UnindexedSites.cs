namespace Canvass.Storage.Sqlite;

/// <summary>
/// Which sites have records past the index's watermark, and their last sequence numbers: what a load must wait for
/// and what the writer checks a new record's sequence number against. Thread-safe: the writer adds, the indexer
/// clears, loads ask.
/// </summary>
internal sealed class UnindexedSites
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _heads = new(StringComparer.Ordinal);
    private TaskCompletionSource _nextRound = NewRound();
    private long _records;
    private long _oldestTimestamp;
    private int _waiting;

    /// <summary>Records written since the last round.</summary>
    public long Records { get { lock (_lock) { return _records; } } }

    /// <summary>Whether a load is waiting for the next round.</summary>
    public bool AnyoneWaiting { get { lock (_lock) { return _waiting > 0; } } }

    /// <summary>When the oldest record not yet indexed was written (<see cref="TimeProvider.GetTimestamp"/>), 0 if none.</summary>
    public long OldestTimestamp { get { lock (_lock) { return _oldestTimestamp; } } }

    public bool TryGetHead(string siteId, out long sequence)
    {
        lock (_lock)
        {
            return _heads.TryGetValue(siteId, out sequence);
        }
    }

    /// <summary>After a commit: these sites now end at these sequence numbers.</summary>
    public void Written(Dictionary<string, long> heads, int records)
    {
        lock (_lock)
        {
            foreach (var (site, sequence) in heads)
            {
                _heads[site] = sequence;
            }

            if (_records == 0 && records > 0)
            {
                _oldestTimestamp = TimeProvider.System.GetTimestamp();
            }

            _records += records;
        }
    }

    /// <summary>
    /// The round a load of <paramref name="siteId"/> must wait for, or null when every record of the site is indexed.
    /// </summary>
    public Task? RoundFor(string siteId)
    {
        lock (_lock)
        {
            if (!_heads.ContainsKey(siteId))
            {
                return null;
            }

            _waiting++;
            return _nextRound.Task;
        }
    }

    /// <summary>After a round that indexed everything written before it: nothing is pending; the waiting go on.</summary>
    public void Indexed(Exception? failure)
    {
        TaskCompletionSource round;
        lock (_lock)
        {
            round = _nextRound;
            _nextRound = NewRound();
            _waiting = 0;
            if (failure is null)
            {
                _heads.Clear();
                _records = 0;
                _oldestTimestamp = 0;
            }
        }

        if (failure is null)
        {
            round.SetResult();
        }
        else
        {
            round.SetException(failure);
        }
    }

    private static TaskCompletionSource NewRound() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
