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

    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        await using var command = _dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
