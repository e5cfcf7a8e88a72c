using Canvass.Storage.Webhooks;
using Npgsql;
using NpgsqlTypes;

namespace Canvass.Storage.PostgreSql;

/// <summary>Webhooks and their outbox in the journal's PostgreSQL database, on a small pool of their own.</summary>
public sealed class PostgreSqlWebhookStore : IWebhookStore, IAsyncDisposable
{
    private const string Columns = "id, partner, url, secret, units, children, created_at, daily_reports_through";

    private readonly NpgsqlDataSource _dataSource;
    private readonly Lock _schemaLock = new();
    private Task? _schema;

    /// <summary>Creates the store without touching the server; the first operation brings the schema up to date.</summary>
    public PostgreSqlWebhookStore(string connectionString)
    {
        // A few writes per delivery: a few connections, beside the journal's pool.
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.MaxPoolSize = Math.Min(builder.MaxPoolSize, 8);
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>Opens the store and migrates its schema now.</summary>
    public static async Task<PostgreSqlWebhookStore> OpenAsync(string connectionString)
    {
        var store = new PostgreSqlWebhookStore(connectionString);
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
                _schema = PostgreSqlWebhookSchema.MigrateAsync(_dataSource);
            }

            return _schema;
        }
    }

    public async Task<bool> CreateAsync(StoredWebhook webhook, int maxPerPartner = int.MaxValue, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Registrations of one partner at once, from any silo, take turns here: the count then holds until the commit.
        await using (var lockPartner = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('webhooks-partner'), hashtext($1))", connection, transaction))
        {
            lockPartner.Parameters.AddWithValue(webhook.Partner);
            await lockPartner.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = new NpgsqlCommand(
            $"INSERT INTO webhooks ({Columns}) SELECT $1, $2, $3, $4, $5, $6, $7, $9 WHERE (SELECT COUNT(*) FROM webhooks WHERE partner = $2) < $8",
            connection, transaction);
        command.Parameters.AddWithValue(webhook.Id);
        command.Parameters.AddWithValue(webhook.Partner);
        command.Parameters.AddWithValue(webhook.Url);
        command.Parameters.AddWithValue(webhook.Secret);
        command.Parameters.Add(new NpgsqlParameter { Value = webhook.Units.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.AddWithValue(webhook.Children);
        command.Parameters.AddWithValue(webhook.CreatedAt.UtcTicks);
        command.Parameters.AddWithValue((long)maxPerPartner);
        command.Parameters.Add(new NpgsqlParameter { Value = webhook.DailyReportsThrough is { } through ? through : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });
        var created = await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        await transaction.CommitAsync(cancellationToken);
        return created;
    }

    public async Task<StoredWebhook?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM webhooks WHERE id = $1");
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<StoredWebhook>> ListAsync(string? partner, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM webhooks WHERE $1::text IS NULL OR partner = $1 ORDER BY created_at, id");
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)partner ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<StoredWebhook>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(Read(reader));
        }

        return list;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        // One statement, so one transaction: the registration and its outbox go together.
        await using var command = _dataSource.CreateCommand("""
            WITH outbox AS (DELETE FROM webhook_outbox WHERE webhook_id = $1)
            DELETE FROM webhooks WHERE id = $1
            """);
        command.Parameters.AddWithValue(id);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<OutboxEntry>> LoadOutboxAsync(string webhookId, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        await using var command = _dataSource.CreateCommand("""
            SELECT unit_id, delivered_version, pending_version, pending_body FROM webhook_outbox
            WHERE webhook_id = $1 ORDER BY unit_id COLLATE "C"
            """);
        command.Parameters.AddWithValue(webhookId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<OutboxEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var unit = reader.GetString(0);
            entries.Add(new OutboxEntry(
                unit,
                reader.IsDBNull(1) ? null : reader.GetInt64(1),
                reader.IsDBNull(2) ? null : new PendingDelivery(unit, reader.GetInt64(2), reader.GetString(3))));
        }

        return entries;
    }

    public async Task SavePendingAsync(string webhookId, IReadOnlyList<PendingDelivery> deliveries, CancellationToken cancellationToken = default)
    {
        if (deliveries.Count == 0)
        {
            return;
        }

        await EnsureSchemaAsync();
        var units = new string[deliveries.Count];
        var versions = new long[deliveries.Count];
        var bodies = new string[deliveries.Count];
        for (var i = 0; i < deliveries.Count; i++)
        {
            units[i] = deliveries[i].UnitId;
            versions[i] = deliveries[i].Version;
            bodies[i] = deliveries[i].Body;
        }

        // One statement, so one transaction. Only for a registered webhook, and only upward: a version at or below
        // the pending or acknowledged one is no news. A unit named twice keeps its highest version.
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO webhook_outbox (webhook_id, unit_id, pending_version, pending_body)
            SELECT DISTINCT ON (d.u) $1, d.u, d.v, d.b FROM unnest($2::text[], $3::bigint[], $4::text[]) AS d(u, v, b)
            WHERE EXISTS (SELECT 1 FROM webhooks WHERE id = $1)
            ORDER BY d.u, d.v DESC
            ON CONFLICT (webhook_id, unit_id) DO UPDATE SET pending_version = excluded.pending_version, pending_body = excluded.pending_body
            WHERE excluded.pending_version > COALESCE(webhook_outbox.pending_version, -9223372036854775808)
              AND excluded.pending_version > COALESCE(webhook_outbox.delivered_version, -9223372036854775808)
            """);
        command.Parameters.AddWithValue(webhookId);
        command.Parameters.Add(new NpgsqlParameter { Value = units, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = versions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = bodies, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkDeliveredAsync(string webhookId, string unitId, long version, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        // SET reads the row as it was: the pending delivery goes when it is at or below the new acknowledged version.
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO webhook_outbox (webhook_id, unit_id, delivered_version)
            SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM webhooks WHERE id = $1)
            ON CONFLICT (webhook_id, unit_id) DO UPDATE SET
                delivered_version = GREATEST(webhook_outbox.delivered_version, $3),
                pending_version = CASE WHEN webhook_outbox.pending_version <= GREATEST(webhook_outbox.delivered_version, $3) THEN NULL ELSE webhook_outbox.pending_version END,
                pending_body = CASE WHEN webhook_outbox.pending_version <= GREATEST(webhook_outbox.delivered_version, $3) THEN NULL ELSE webhook_outbox.pending_body END
            """);
        command.Parameters.AddWithValue(webhookId);
        command.Parameters.AddWithValue(unitId);
        command.Parameters.AddWithValue(version);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkDailyReportsDeliveredAsync(string webhookId, DateOnly date, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        await using var command = _dataSource.CreateCommand(
            "UPDATE webhooks SET daily_reports_through = $2 WHERE id = $1 AND (daily_reports_through IS NULL OR daily_reports_through < $2)");
        command.Parameters.AddWithValue(webhookId);
        command.Parameters.Add(new NpgsqlParameter { Value = date, NpgsqlDbType = NpgsqlDbType.Date });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        await using var command = _dataSource.CreateCommand("SELECT COUNT(*) FROM webhook_migrations");
        await command.ExecuteScalarAsync(cancellationToken);
    }

    private static StoredWebhook Read(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetFieldValue<string[]>(4),
        reader.GetBoolean(5),
        new DateTimeOffset(reader.GetInt64(6), TimeSpan.Zero),
        reader.IsDBNull(7) ? null : reader.GetFieldValue<DateOnly>(7));

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
