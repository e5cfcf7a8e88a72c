using Canvass.Storage.History;
using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Sqlite;

/// <summary>
/// Unit history in the journal's SQLite file, on its own connection. SQLite has one writer per file: this store
/// writes once a minute (and thins once an hour, in small transactions), and both it and the journal's writer wait
/// for the other (busy_timeout) instead of failing.
/// </summary>
public sealed class SqliteHistoryStore : IUnitHistoryStore, IAsyncDisposable
{
    // Rows a compaction transaction removes at most, so that the journal's writer never waits long behind one.
    private const int DeleteChunk = 5_000;

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly TimeSpan _fineRetention;

    private SqliteHistoryStore(string connectionString, SqliteConnection writer, TimeSpan fineRetention)
    {
        _connectionString = connectionString;
        _writer = writer;
        _fineRetention = fineRetention;
    }

    public static SqliteHistoryStore Open(string path, TimeSpan fineRetention)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = full, Pooling = true }.ToString();
        var writer = new SqliteConnection(connectionString);
        writer.Open();
        // synchronous=NORMAL: points are derived from the journal, and in WAL mode NORMAL loses at most the last
        // commits on power loss, never the file. 30 s of busy_timeout outwaits any journal group commit.
        using (var command = writer.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";
            command.ExecuteNonQuery();
        }

        SqliteHistorySchema.Migrate(writer);
        return new SqliteHistoryStore(connectionString, writer, fineRetention);
    }

    public async Task AppendAsync(IReadOnlyList<HistoryPoint> points, CancellationToken cancellationToken = default)
    {
        if (points.Count == 0)
        {
            return;
        }

        await _writing.WaitAsync(cancellationToken);
        try
        {
            // BEGIN IMMEDIATE (the default): takes the write lock up front, waiting out the journal's writer.
            using var transaction = _writer.BeginTransaction();
            using var insert = _writer.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO unit_history (unit_id, at, summary) VALUES ($unit, $at, $summary)";
            var unit = insert.Parameters.Add("$unit", SqliteType.Text);
            var at = insert.Parameters.Add("$at", SqliteType.Integer);
            var summary = insert.Parameters.Add("$summary", SqliteType.Text);
            insert.Prepare();
            foreach (var point in points)
            {
                unit.Value = point.UnitId;
                at.Value = point.At.UtcTicks;
                summary.Value = point.Summary;
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
        finally
        {
            _writing.Release();
        }
    }

    public async Task<IReadOnlyList<HistoryPoint>> RangeAsync(string unitId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT at, summary FROM unit_history
            WHERE unit_id = $unit AND at >= $from AND at <= $to ORDER BY at, id LIMIT $limit
            """;
        command.Parameters.AddWithValue("$unit", unitId);
        command.Parameters.AddWithValue("$from", from.UtcTicks);
        command.Parameters.AddWithValue("$to", to.UtcTicks);
        command.Parameters.AddWithValue("$limit", limit);
        var points = new List<HistoryPoint>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            points.Add(new HistoryPoint(unitId, new DateTimeOffset(reader.GetInt64(0), TimeSpan.Zero), reader.GetString(1)));
        }

        return points;
    }

    public async Task<HistoryPoint?> AsOfAsync(string unitId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT at, summary FROM unit_history WHERE unit_id = $unit AND at <= $at ORDER BY at DESC, id DESC LIMIT 1";
        command.Parameters.AddWithValue("$unit", unitId);
        command.Parameters.AddWithValue("$at", at.UtcTicks);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new HistoryPoint(unitId, new DateTimeOffset(reader.GetInt64(0), TimeSpan.Zero), reader.GetString(1))
            : null;
    }

    public async Task<IReadOnlyList<HistoryPoint>> AsOfManyAsync(IReadOnlyList<string> unitIds, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        // One prepared statement over the (unit_id, at) index per unit, on one connection: SQLite answers each in
        // microseconds, and a set-based query would not use the index better.
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT at, summary FROM unit_history WHERE unit_id = $unit AND at <= $at ORDER BY at DESC, id DESC LIMIT 1";
        var unit = command.Parameters.Add("$unit", SqliteType.Text);
        command.Parameters.AddWithValue("$at", at.UtcTicks);
        var points = new List<HistoryPoint>(unitIds.Count);
        foreach (var unitId in unitIds)
        {
            unit.Value = unitId;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                points.Add(new HistoryPoint(unitId, new DateTimeOffset(reader.GetInt64(0), TimeSpan.Zero), reader.GetString(1)));
            }
        }

        return points;
    }

    public async Task<int> CompactAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var cutoff = HistoryHours.Cutoff(now, _fineRetention);
        var removed = 0;
        await _writing.WaitAsync(cancellationToken);
        try
        {
            // Hour by hour from where the last compaction stopped, so that each run reads only the hours it thins.
            var done = Scalar("SELECT compacted_to FROM unit_history_compaction WHERE id = $x", 1);
            while (Scalar("SELECT MIN(at) FROM unit_history WHERE at > $x", done ?? long.MinValue) is { } next)
            {
                var end = HistoryHours.End(next);
                if (end > cutoff)
                {
                    break;
                }

                int chunk;
                do
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    chunk = DeleteChunkOf(end);
                    removed += chunk;
                }
                while (chunk == DeleteChunk);

                Execute("INSERT INTO unit_history_compaction (id, compacted_to) VALUES (1, $end) ON CONFLICT (id) DO UPDATE SET compacted_to = excluded.compacted_to", end);
                done = end;
            }
        }
        finally
        {
            _writing.Release();
        }

        return removed;
    }

    // Removes (at most a chunk of) the points of the hour ending at `end` that a later point of the same hour follows.
    private int DeleteChunkOf(long end)
    {
        using var transaction = _writer.BeginTransaction();
        using var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            DELETE FROM unit_history WHERE id IN (
                SELECT h.id FROM unit_history h
                WHERE h.at > $start AND h.at <= $end AND EXISTS (
                    SELECT 1 FROM unit_history l
                    WHERE l.unit_id = h.unit_id AND l.at >= h.at AND l.at <= $end AND (l.at > h.at OR l.id > h.id))
                LIMIT {DeleteChunk})
            """;
        command.Parameters.AddWithValue("$start", end - HistoryHours.Hour);
        command.Parameters.AddWithValue("$end", end);
        var count = command.ExecuteNonQuery();
        transaction.Commit();
        return count;
    }

    private long? Scalar(string sql, long x)
    {
        using var command = _writer.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$x", x);
        return command.ExecuteScalar() is long value ? value : null;
    }

    private void Execute(string sql, long end)
    {
        using var command = _writer.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$end", end);
        command.ExecuteNonQuery();
    }

    public async Task WriteScreeningAsync(IReadOnlyList<ScreeningWrite> writes, CancellationToken cancellationToken = default)
    {
        if (writes.Count == 0)
        {
            return;
        }

        await _writing.WaitAsync(cancellationToken);
        try
        {
            // One writer: reading the sites' rows and writing them and the ancestors' sums in one transaction is exact.
            using var transaction = _writer.BeginTransaction();
            var old = new Dictionary<(string, long), long[]>();
            using (var select = _writer.CreateCommand())
            {
                select.Transaction = transaction;
                select.CommandText = $"SELECT {ScreeningPlan.Columns} FROM unit_screening WHERE unit_id = $unit AND at = $at";
                var unit = select.Parameters.Add("$unit", SqliteType.Text);
                var at = select.Parameters.Add("$at", SqliteType.Integer);
                foreach (var write in writes)
                {
                    unit.Value = write.Site.UnitId;
                    at.Value = write.Site.At.UtcTicks;
                    using var reader = select.ExecuteReader();
                    if (reader.Read())
                    {
                        old[(write.Site.UnitId, write.Site.At.UtcTicks)] = ReadValues(reader, 0);
                    }
                }
            }

            Upsert(transaction, writes.Select(w => w.Site), ScreeningPlan.ReplaceSet);
            Upsert(transaction, ScreeningPlan.Additions(writes, old), ScreeningPlan.AddSet("unit_screening", "MAX"));
            transaction.Commit();
        }
        finally
        {
            _writing.Release();
        }
    }

    private void Upsert(SqliteTransaction transaction, IEnumerable<ScreeningRow> rows, string set)
    {
        using var command = _writer.CreateCommand();
        command.Transaction = transaction;
        var names = ScreeningValues.Columns.Select((_, i) => $"$v{i}").ToArray();
        command.CommandText = $"""
            INSERT INTO unit_screening (unit_id, at, {ScreeningPlan.Columns}) VALUES ($unit, $at, {string.Join(", ", names)})
            ON CONFLICT (unit_id, at) DO UPDATE SET {set}
            """;
        var unit = command.Parameters.Add("$unit", SqliteType.Text);
        var at = command.Parameters.Add("$at", SqliteType.Integer);
        var values = names.Select(n => command.Parameters.Add(n, SqliteType.Integer)).ToArray();
        foreach (var row in rows)
        {
            unit.Value = row.UnitId;
            at.Value = row.At.UtcTicks;
            for (var i = 0; i < values.Length; i++)
            {
                values[i].Value = row.Values[i];
            }

            command.ExecuteNonQuery();
        }
    }

    public async Task<(long[]? Before, IReadOnlyList<ScreeningRow> Rows)> ScreeningAsync(string unitId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT COUNT(*), {ScreeningPlan.Aggregates} FROM unit_screening WHERE unit_id = $unit AND at <= $from;
            SELECT at, {ScreeningPlan.Columns} FROM unit_screening WHERE unit_id = $unit AND at > $from AND at <= $to ORDER BY at;
            """;
        command.Parameters.AddWithValue("$unit", unitId);
        command.Parameters.AddWithValue("$from", from.UtcTicks);
        command.Parameters.AddWithValue("$to", to.UtcTicks);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var before = reader.GetInt64(0) > 0 ? ReadValues(reader, 1) : null;
        await reader.NextResultAsync(cancellationToken);
        var rows = new List<ScreeningRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new ScreeningRow(unitId, new DateTimeOffset(reader.GetInt64(0), TimeSpan.Zero), ReadValues(reader, 1)));
        }

        return (before, rows);
    }

    private static long[] ReadValues(SqliteDataReader reader, int first)
    {
        var values = new long[ScreeningValues.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.GetInt64(first + i);
        }

        return values;
    }

    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM unit_history_migrations";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _writing.WaitAsync();
        await _writer.DisposeAsync();
        _writing.Dispose();
    }
}
