using Canvass.Storage.History;
using Npgsql;
using NpgsqlTypes;

namespace Canvass.Storage.PostgreSql;

/// <summary>Unit history in the journal's PostgreSQL database, on its own small pool.</summary>
public sealed class PostgreSqlHistoryStore : IUnitHistoryStore, IAsyncDisposable
{
    private const long CompactionLock = 0x43414E5641535348; // "CANVASSH": one silo thins at a time

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeSpan _fineRetention;
    private readonly Lock _schemaLock = new();
    private Task? _schema;

    /// <summary>Creates the store without touching the server; the first operation brings the schema up to date.</summary>
    public PostgreSqlHistoryStore(string connectionString, TimeSpan fineRetention)
    {
        // A writer once a minute and the history reads: a few connections, beside the journal's pool.
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.MaxPoolSize = Math.Min(builder.MaxPoolSize, 8);
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _fineRetention = fineRetention;
    }

    /// <summary>Opens the store and migrates its schema now.</summary>
    public static async Task<PostgreSqlHistoryStore> OpenAsync(string connectionString, TimeSpan fineRetention)
    {
        var store = new PostgreSqlHistoryStore(connectionString, fineRetention);
        await store.EnsureSchemaAsync();
        return store;
    }

    private Task EnsureSchemaAsync()
    {
        lock (_schemaLock)
        {
            // A failed migration (server not up yet) is tried again by the next operation.
            if (_schema is null || _schema.IsFaulted || _schema.IsCanceled)
            {
                _schema = PostgreSqlHistorySchema.MigrateAsync(_dataSource);
            }

            return _schema;
        }
    }

    public async Task AppendAsync(IReadOnlyList<HistoryPoint> points, CancellationToken cancellationToken = default)
    {
        if (points.Count == 0)
        {
            return;
        }

        await EnsureSchemaAsync();
        var units = new string[points.Count];
        var ats = new long[points.Count];
        var summaries = new string[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            units[i] = points[i].UnitId;
            ats[i] = points[i].At.UtcTicks;
            summaries[i] = points[i].Summary;
        }

        // One statement, so one transaction: every point or none. WITH ORDINALITY keeps the given order for ties.
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO unit_history (unit_id, at, summary)
            SELECT u, a, s FROM unnest($1::text[], $2::bigint[], $3::text[]) WITH ORDINALITY AS p(u, a, s, n) ORDER BY n
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = units, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = ats, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = summaries, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<HistoryPoint>> RangeAsync(string unitId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        await using var command = _dataSource.CreateCommand(
            "SELECT at, summary FROM unit_history WHERE unit_id = $1 AND at >= $2 AND at <= $3 ORDER BY at, id LIMIT $4");
        command.Parameters.AddWithValue(unitId);
        command.Parameters.AddWithValue(from.UtcTicks);
        command.Parameters.AddWithValue(to.UtcTicks);
        command.Parameters.AddWithValue(limit);
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
        await EnsureSchemaAsync();
        await using var command = _dataSource.CreateCommand(
            "SELECT at, summary FROM unit_history WHERE unit_id = $1 AND at <= $2 ORDER BY at DESC, id DESC LIMIT 1");
        command.Parameters.AddWithValue(unitId);
        command.Parameters.AddWithValue(at.UtcTicks);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new HistoryPoint(unitId, new DateTimeOffset(reader.GetInt64(0), TimeSpan.Zero), reader.GetString(1))
            : null;
    }

    public async Task<IReadOnlyList<HistoryPoint>> AsOfManyAsync(IReadOnlyList<string> unitIds, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        // One index probe per unit (LATERAL ... LIMIT 1) in one round trip.
        await using var command = _dataSource.CreateCommand("""
            SELECT u.id, h.at, h.summary FROM unnest($1::text[]) AS u(id)
            CROSS JOIN LATERAL (SELECT at, summary FROM unit_history WHERE unit_id = u.id AND at <= $2 ORDER BY at DESC, id DESC LIMIT 1) h
            """);
        command.Parameters.AddWithValue(unitIds.ToArray());
        command.Parameters.AddWithValue(at.UtcTicks);
        var points = new List<HistoryPoint>(unitIds.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            points.Add(new HistoryPoint(reader.GetString(0), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero), reader.GetString(2)));
        }

        return points;
    }

    public async Task<int> CompactAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        var cutoff = HistoryHours.Cutoff(now, _fineRetention);
        var removed = 0;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        // Hour by hour from where the last compaction stopped, one transaction each, so that each run reads only the
        // hours it thins; a silo that finds another one compacting leaves it to that one.
        while (true)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (await ScalarAsync(connection, transaction, $"SELECT pg_try_advisory_xact_lock({CompactionLock})", cancellationToken) is not true)
            {
                break;
            }

            var done = await ScalarAsync(connection, transaction, "SELECT compacted_to FROM unit_history_compaction WHERE id = 1", cancellationToken) as long?;
            if (await ScalarAsync(connection, transaction, "SELECT MIN(at) FROM unit_history WHERE at > $1", cancellationToken, done ?? long.MinValue) is not long next
                || HistoryHours.End(next) > cutoff)
            {
                break;
            }

            var end = HistoryHours.End(next);
            await using (var delete = new NpgsqlCommand("""
                DELETE FROM unit_history h
                WHERE h.at > $1 AND h.at <= $2 AND EXISTS (
                    SELECT 1 FROM unit_history l
                    WHERE l.unit_id = h.unit_id AND l.at >= h.at AND l.at <= $2 AND (l.at > h.at OR l.id > h.id))
                """, connection, transaction))
            {
                delete.Parameters.AddWithValue(end - HistoryHours.Hour);
                delete.Parameters.AddWithValue(end);
                removed += await delete.ExecuteNonQueryAsync(cancellationToken);
            }

            await ScalarAsync(connection, transaction, """
                INSERT INTO unit_history_compaction (id, compacted_to) VALUES (1, $1)
                ON CONFLICT (id) DO UPDATE SET compacted_to = excluded.compacted_to
                """, cancellationToken, end);
            await transaction.CommitAsync(cancellationToken);
        }

        return removed;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, long? argument = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        if (argument is { } value)
        {
            command.Parameters.AddWithValue(value);
        }

        var result = await command.ExecuteScalarAsync(cancellationToken);
        return result is DBNull ? null : result;
    }

    public async Task WriteScreeningAsync(IReadOnlyList<ScreeningWrite> writes, CancellationToken cancellationToken = default)
    {
        if (writes.Count == 0)
        {
            return;
        }

        await EnsureSchemaAsync();
        // Sites in (unit, at) order too, so that two silos writing rows of the same site (a site moving) lock alike.
        var sites = writes.Select(w => w.Site).OrderBy(r => r.UnitId, StringComparer.Ordinal).ThenBy(r => r.At).ToList();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var old = new Dictionary<(string, long), long[]>();
        // A site row not stored yet is inserted as zeros first, so that FOR UPDATE below locks it: otherwise two
        // silos writing the same new row at once (a site moving) would both read none and both add it whole to
        // every ancestor. The second insert waits on the first transaction's, then finds the row.
        await using (var insert = new NpgsqlCommand($"""
            INSERT INTO unit_screening (unit_id, at, {ScreeningPlan.Columns})
            SELECT k.u, k.a, {string.Join(", ", ScreeningValues.Columns.Select(_ => "0"))} FROM unnest($1::text[], $2::bigint[]) AS k(u, a)
            ORDER BY k.u, k.a ON CONFLICT (unit_id, at) DO NOTHING
            """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = sites.Select(r => r.UnitId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = sites.Select(r => r.At.UtcTicks).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var select = new NpgsqlCommand($"""
            SELECT s.unit_id, s.at, {string.Join(", ", ScreeningValues.Columns.Select(c => "s." + c))}
            FROM unit_screening s JOIN unnest($1::text[], $2::bigint[]) AS k(u, a) ON s.unit_id = k.u AND s.at = k.a
            ORDER BY s.unit_id, s.at FOR UPDATE OF s
            """, connection, transaction))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = sites.Select(r => r.UnitId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            select.Parameters.Add(new NpgsqlParameter { Value = sites.Select(r => r.At.UtcTicks).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var values = new long[ScreeningValues.Count];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = reader.GetInt64(2 + i);
                }

                old[(reader.GetString(0), reader.GetInt64(1))] = values;
            }
        }

        await UpsertAsync(connection, transaction, sites, ScreeningPlan.ReplaceSet, cancellationToken);
        await UpsertAsync(connection, transaction, ScreeningPlan.Additions(writes, old), ScreeningPlan.AddSet("unit_screening", "GREATEST"), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    // One statement per kind of row: unnest of one array per column, in the order given (WITH ORDINALITY).
    private static async Task UpsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<ScreeningRow> rows, string set, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var columns = ScreeningValues.Columns.Length;
        var arrays = string.Join(", ", Enumerable.Range(3, columns).Select(i => $"${i}::bigint[]"));
        await using var command = new NpgsqlCommand($"""
            INSERT INTO unit_screening (unit_id, at, {ScreeningPlan.Columns})
            SELECT u, a, {string.Join(", ", Enumerable.Range(0, columns).Select(i => $"v{i}"))}
            FROM unnest($1::text[], $2::bigint[], {arrays}) WITH ORDINALITY AS p(u, a, {string.Join(", ", Enumerable.Range(0, columns).Select(i => $"v{i}"))}, n)
            ORDER BY n
            ON CONFLICT (unit_id, at) DO UPDATE SET {set}
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.UnitId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.At.UtcTicks).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        for (var c = 0; c < columns; c++)
        {
            var column = c;
            command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Values[column]).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<(long[]? Before, IReadOnlyList<ScreeningRow> Rows)> ScreeningAsync(string unitId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        long[]? before = null;
        await using (var sum = new NpgsqlCommand($"SELECT COUNT(*), {ScreeningPlan.Aggregates} FROM unit_screening WHERE unit_id = $1 AND at <= $2", connection))
        {
            sum.Parameters.AddWithValue(unitId);
            sum.Parameters.AddWithValue(from.UtcTicks);
            await using var reader = await sum.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken) && reader.GetInt64(0) > 0)
            {
                // SUM of bigint is numeric in PostgreSQL.
                before = new long[ScreeningValues.Count];
                for (var i = 0; i < before.Length; i++)
                {
                    before[i] = Convert.ToInt64(reader.GetValue(1 + i), System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }

        var rows = new List<ScreeningRow>();
        await using (var range = new NpgsqlCommand($"SELECT at, {ScreeningPlan.Columns} FROM unit_screening WHERE unit_id = $1 AND at > $2 AND at <= $3 ORDER BY at", connection))
        {
            range.Parameters.AddWithValue(unitId);
            range.Parameters.AddWithValue(from.UtcTicks);
            range.Parameters.AddWithValue(to.UtcTicks);
            await using var reader = await range.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var values = new long[ScreeningValues.Count];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = reader.GetInt64(1 + i);
                }

                rows.Add(new ScreeningRow(unitId, new DateTimeOffset(reader.GetInt64(0), TimeSpan.Zero), values));
            }
        }

        return (before, rows);
    }

    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        await using var command = _dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
