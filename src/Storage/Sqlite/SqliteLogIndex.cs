using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Sqlite;

/// <summary>
/// Builds the journal's site index behind the writes: every so often, one transaction inserts the index entries of
/// everything appended since the last round, sorted by (site, seq), so that each index page is written once per
/// round instead of once per record. Nothing waits for a round: what it has not indexed yet, loads and lookups read
/// from <see cref="UnindexedSites"/>.
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

    /// <summary>Indexes everything past the watermark: at open, before the journal takes writes, or under the writer's lock.</summary>
    public static void CatchUp(SqliteConnection writer) => Round(writer);

    /// <summary>Tells the loop a round may be due: only once enough records wait, so that commits stay cheap.</summary>
    public void Poke()
    {
        if (_unindexed.Records >= RoundRecords && _wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit woke it meanwhile.
            }
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
            var oldest = _unindexed.OldestTimestamp;
            var due = records >= RoundRecords || (records > 0 && TimeProvider.System.GetElapsedTime(oldest) >= MaxDelay);
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
                _unindexed.Indexed();
            }
            catch (Exception)
            {
                // The records stay in memory and the next round takes them again; a store that cannot index cannot
                // write either, and the writes say so.
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
