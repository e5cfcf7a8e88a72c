using System.Globalization;
using System.Text.Json;
using Canvass.Storage.Webhooks;
using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Sqlite;

/// <summary>
/// Webhooks and their outbox in the journal's SQLite file, on one connection of their own. Writes are a few per
/// delivery, so one connection behind a lock is enough. synchronous=FULL, as the journal's: a delivery owed must
/// survive a power loss, and so must an acknowledged version, which keeps a lower one from being sent after it.
/// </summary>
public sealed class SqliteWebhookStore : IWebhookStore, IAsyncDisposable
{
    private const string Columns = "id, partner, url, secret, units, children, created_at, daily_reports_through";

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _lock = new(1, 1);

    private SqliteWebhookStore(SqliteConnection connection) => _connection = connection;

    public static SqliteWebhookStore Open(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = true }.ToString());
        connection.Open();
        // 30 s of busy_timeout outwaits any journal group commit.
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;";
            command.ExecuteNonQuery();
        }

        SqliteWebhookSchema.Migrate(connection);
        return new SqliteWebhookStore(connection);
    }

    public Task<bool> CreateAsync(StoredWebhook webhook, int maxPerPartner = int.MaxValue, CancellationToken cancellationToken = default) => LockedAsync(() =>
    {
        // One statement counts and inserts: SQLite runs it as one write transaction, and this store's writes are serialized.
        using var command = _connection.CreateCommand();
        command.CommandText = """
            INSERT INTO webhooks (id, partner, url, secret, units, children, created_at, daily_reports_through)
            SELECT $id, $partner, $url, $secret, $units, $children, $created, $through
            WHERE (SELECT COUNT(*) FROM webhooks WHERE partner = $partner) < $max
            """;
        command.Parameters.AddWithValue("$max", maxPerPartner);
        command.Parameters.AddWithValue("$id", webhook.Id);
        command.Parameters.AddWithValue("$partner", webhook.Partner);
        command.Parameters.AddWithValue("$url", webhook.Url);
        command.Parameters.AddWithValue("$secret", webhook.Secret);
        command.Parameters.AddWithValue("$units", JsonSerializer.Serialize(webhook.Units));
        command.Parameters.AddWithValue("$children", webhook.Children ? 1 : 0);
        command.Parameters.AddWithValue("$created", webhook.CreatedAt.UtcTicks);
        command.Parameters.AddWithValue("$through", webhook.DailyReportsThrough is { } through ? Day(through) : DBNull.Value);
        return command.ExecuteNonQuery() == 1;
    }, cancellationToken);

    public Task<StoredWebhook?> GetAsync(string id, CancellationToken cancellationToken = default) => LockedAsync(() =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM webhooks WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }, cancellationToken);

    public Task<IReadOnlyList<StoredWebhook>> ListAsync(string? partner, CancellationToken cancellationToken = default) => LockedAsync<IReadOnlyList<StoredWebhook>>(() =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM webhooks
            WHERE $partner IS NULL OR partner = $partner ORDER BY created_at, id
            """;
        command.Parameters.AddWithValue("$partner", (object?)partner ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        var list = new List<StoredWebhook>();
        while (reader.Read())
        {
            list.Add(Read(reader));
        }

        return list;
    }, cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) => LockedAsync(() =>
    {
        using var transaction = _connection.BeginTransaction();
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$id", id);
        command.CommandText = "DELETE FROM webhook_outbox WHERE webhook_id = $id";
        command.ExecuteNonQuery();
        command.CommandText = "DELETE FROM webhooks WHERE id = $id";
        var deleted = command.ExecuteNonQuery() > 0;
        transaction.Commit();
        return deleted;
    }, cancellationToken);

    public Task<IReadOnlyList<OutboxEntry>> LoadOutboxAsync(string webhookId, CancellationToken cancellationToken = default) => LockedAsync<IReadOnlyList<OutboxEntry>>(() =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT unit_id, delivered_version, pending_version, pending_body FROM webhook_outbox
            WHERE webhook_id = $id ORDER BY unit_id
            """;
        command.Parameters.AddWithValue("$id", webhookId);
        using var reader = command.ExecuteReader();
        var entries = new List<OutboxEntry>();
        while (reader.Read())
        {
            var unit = reader.GetString(0);
            entries.Add(new OutboxEntry(
                unit,
                reader.IsDBNull(1) ? null : reader.GetInt64(1),
                reader.IsDBNull(2) ? null : new PendingDelivery(unit, reader.GetInt64(2), reader.GetString(3))));
        }

        return entries;
    }, cancellationToken);

    public Task SavePendingAsync(string webhookId, IReadOnlyList<PendingDelivery> deliveries, CancellationToken cancellationToken = default) => LockedAsync(() =>
    {
        using var transaction = _connection.BeginTransaction();
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        // Only for a registered webhook, and only upward: a version at or below the pending or acknowledged one is no news.
        command.CommandText = """
            INSERT INTO webhook_outbox (webhook_id, unit_id, pending_version, pending_body)
            SELECT $webhook, $unit, $version, $body WHERE EXISTS (SELECT 1 FROM webhooks WHERE id = $webhook)
            ON CONFLICT (webhook_id, unit_id) DO UPDATE SET pending_version = excluded.pending_version, pending_body = excluded.pending_body
            WHERE excluded.pending_version > COALESCE(webhook_outbox.pending_version, -9223372036854775808)
              AND excluded.pending_version > COALESCE(webhook_outbox.delivered_version, -9223372036854775808)
            """;
        command.Parameters.AddWithValue("$webhook", webhookId);
        var unit = command.Parameters.Add("$unit", SqliteType.Text);
        var version = command.Parameters.Add("$version", SqliteType.Integer);
        var body = command.Parameters.Add("$body", SqliteType.Text);
        foreach (var delivery in deliveries)
        {
            unit.Value = delivery.UnitId;
            version.Value = delivery.Version;
            body.Value = delivery.Body;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
        return true;
    }, cancellationToken);

    public Task MarkDeliveredAsync(string webhookId, string unitId, long version, CancellationToken cancellationToken = default) => LockedAsync(() =>
    {
        using var command = _connection.CreateCommand();
        // SET reads the row as it was: the pending delivery goes when it is at or below the new acknowledged version.
        command.CommandText = """
            INSERT INTO webhook_outbox (webhook_id, unit_id, delivered_version)
            SELECT $webhook, $unit, $version WHERE EXISTS (SELECT 1 FROM webhooks WHERE id = $webhook)
            ON CONFLICT (webhook_id, unit_id) DO UPDATE SET
                delivered_version = MAX(COALESCE(delivered_version, $version), $version),
                pending_version = CASE WHEN pending_version <= MAX(COALESCE(delivered_version, $version), $version) THEN NULL ELSE pending_version END,
                pending_body = CASE WHEN pending_version <= MAX(COALESCE(delivered_version, $version), $version) THEN NULL ELSE pending_body END
            """;
        command.Parameters.AddWithValue("$webhook", webhookId);
        command.Parameters.AddWithValue("$unit", unitId);
        command.Parameters.AddWithValue("$version", version);
        command.ExecuteNonQuery();
        return true;
    }, cancellationToken);

    public Task MarkDailyReportsDeliveredAsync(string webhookId, DateOnly date, CancellationToken cancellationToken = default) => LockedAsync(() =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            UPDATE webhooks SET daily_reports_through = $date
            WHERE id = $webhook AND (daily_reports_through IS NULL OR daily_reports_through < $date)
            """;
        command.Parameters.AddWithValue("$webhook", webhookId);
        command.Parameters.AddWithValue("$date", Day(date));
        command.ExecuteNonQuery();
        return true;
    }, cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken = default) => LockedAsync(() =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM webhook_migrations";
        command.ExecuteScalar();
        return true;
    }, cancellationToken);

    private static StoredWebhook Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        JsonSerializer.Deserialize<string[]>(reader.GetString(4)) ?? [],
        reader.GetInt64(5) != 0,
        new DateTimeOffset(reader.GetInt64(6), TimeSpan.Zero),
        reader.IsDBNull(7) ? null : DateOnly.ParseExact(reader.GetString(7), "yyyy-MM-dd", CultureInfo.InvariantCulture));

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<T> LockedAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            return work();
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _lock.WaitAsync();
        await _connection.DisposeAsync();
        _lock.Dispose();
    }
}
