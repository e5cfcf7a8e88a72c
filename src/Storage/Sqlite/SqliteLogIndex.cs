using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Sqlite;

/// <summary>
/// Builds the journal's site index behind the writes: every so often, one transaction inserts the index entries of
/// everything appended since the last round, sorted by (site, seq), so that each index page is written once per
/// round instead of once per record. A load of a site with records past the watermark waits for the next round,
/// which it brings forward; loads of other sites never wait.
/// </summary>
internal sealed class SqliteLogIndex : IAsyncDisposable
{
    // A round at least this often, and at once past this many records: rounds of ~1 s of flat-out ingest write each
    // touched index page about once per second, against once per record on the write path before.
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1);
    private const long RoundRecords = 100_000;

    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writerLock;
    private readonly UnindexedSites _unindexed;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public SqliteLogIndex(SqliteConnection writer, SemaphoreSlim writerLock, UnindexedSites unindexed)
    {
        _writer = writer;
        _writerLock = writerLock;
        _unindexed = unindexed;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Indexes everything past the watermark; at open, before the journal takes writes.</summary>
    public static void CatchUp(SqliteConnection writer) => Round(writer);

    /// <summary>Returns once every record of <paramref name="siteId"/> written so far can be found through the index.</summary>
    public async Task WaitIndexedAsync(string siteId, CancellationToken cancellationToken)
    {
        while (_unindexed.RoundFor(siteId) is { } round)
        {
            Poke();
            await round.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Tells the loop something may be due.</summary>
    public void Poke()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(MaxDelay, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var records = _unindexed.Records;
            var waiting = _unindexed.AnyoneWaiting;
            var oldest = _unindexed.OldestTimestamp;
            var due = waiting || records >= RoundRecords || (records > 0 && TimeProvider.System.GetElapsedTime(oldest) >= MaxDelay);
            if (!due)
            {
                continue;
            }

            // Under the writer's lock to its end: a write landing between the round and forgetting what was pending
            // would be forgotten unindexed.
            await _writerLock.WaitAsync();
            try
            {
                Round(_writer);
                _unindexed.Indexed(null);
            }
            catch (Exception e)
            {
                // Loads that wait see it and may retry; the next round takes the same records again.
                _unindexed.Indexed(e);
            }
            finally
            {
                _writerLock.Release();
            }
        }
    }

    private static void Round(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO journal_index (site_id, seq, pos)
            SELECT site_id, seq, pos FROM journal WHERE pos > (SELECT pos FROM journal_indexed WHERE id = 1) ORDER BY site_id, seq;
            UPDATE journal_indexed SET pos = COALESCE((SELECT MAX(pos) FROM journal), pos) WHERE id = 1;
            """;
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _wake.Dispose();
    }
}
