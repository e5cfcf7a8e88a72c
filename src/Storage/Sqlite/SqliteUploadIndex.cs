using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Sqlite;

/// <summary>
/// Builds the receipts' unit index behind their writes: every few seconds, one transaction moves the units of every
/// receipt in <c>upload_pending_lists</c> into <c>upload_units</c>, sorted by unit, so that each index page is written about once per
/// round instead of once per receipt. Nothing waits for a round: lists read the pending rows too.
/// </summary>
internal sealed class SqliteUploadIndex : IAsyncDisposable
{
    public static readonly TimeSpan DefaultEvery = TimeSpan.FromSeconds(5);

    private readonly Func<SqliteConnection> _connect;
    private readonly TimeSpan _every;
    private readonly Lock _roundLock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private SqliteConnection? _connection;
    private long _pending;

    public SqliteUploadIndex(Func<SqliteConnection> connect, TimeSpan every)
    {
        _connect = connect;
        _every = every;
        // Rows a stopped process left pending are moved by the first round.
        _pending = 1;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Counts the receipts added, so that an idle store runs no rounds.</summary>
    public void Added(int rows) => Interlocked.Add(ref _pending, rows);

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(_every);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (Interlocked.Read(ref _pending) == 0)
                {
                    continue;
                }

                try
                {
                    Round();
                }
                catch (Exception)
                {
                    // The rows stay pending, where lists read them; the next round takes them again.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Moves every pending receipt's units into the index in one transaction.</summary>
    public void Round()
    {
        lock (_roundLock)
        {
            // Taken before the round: a receipt committed meanwhile counts for the next one.
            var taken = Interlocked.Exchange(ref _pending, 0);
            try
            {
                var connection = _connection ??= Open();
                using var transaction = connection.BeginTransaction();
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                // One statement pair in one write transaction: no receipt commits between the copy and the delete.
                command.CommandText = """
                    INSERT OR IGNORE INTO upload_units (unit_id, received_at, upload_id)
                    SELECT j.value, p.received_at, p.upload_id FROM upload_pending_lists p, json_each(p.units) j ORDER BY 1, 2, 3;
                    DELETE FROM upload_pending_lists;
                    """;
                command.ExecuteNonQuery();
                transaction.Commit();
            }
            catch
            {
                Interlocked.Add(ref _pending, taken);
                throw;
            }
        }
    }

    private SqliteConnection Open()
    {
        var connection = _connect();
        using var command = connection.CreateCommand();
        // Its own connection for good, with a cache that holds the index's tail pages between rounds. NORMAL is
        // enough: a round lost with the power rolls back whole, and its rows are still pending.
        command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768;";
        command.ExecuteNonQuery();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        lock (_roundLock)
        {
            _connection?.Dispose();
            _connection = null;
        }

        _stop.Dispose();
    }
}
