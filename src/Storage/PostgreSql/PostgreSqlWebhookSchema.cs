using Npgsql;

namespace Canvass.Storage.PostgreSql;

/// <summary>
/// The webhook tables, as numbered migrations like <see cref="PostgreSqlSchema"/>'s (the same advisory lock, so
/// that silos starting together apply each once) but counted in their own table, so that the journal's, the
/// history's and these never compete for a number.
/// </summary>
public static class PostgreSqlWebhookSchema
{
    private const long MigrationLock = 0x43414E5641535300; // "CANVASS\0", as the journal's

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE webhooks (
            id text PRIMARY KEY, partner text NOT NULL, url text NOT NULL, secret text NOT NULL,
            units text[] NOT NULL, children boolean NOT NULL, created_at bigint NOT NULL);
        CREATE INDEX webhooks_partner ON webhooks (partner, created_at);
        CREATE TABLE webhook_outbox (
            webhook_id text NOT NULL, unit_id text NOT NULL, delivered_version bigint,
            pending_version bigint, pending_body text, PRIMARY KEY (webhook_id, unit_id),
            CHECK ((pending_version IS NULL) = (pending_body IS NULL)));
        """,
        "ALTER TABLE webhooks ADD COLUMN daily_reports_through date;",
    ];

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLock})", cancellationToken);
        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS webhook_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", cancellationToken);
        await using var current = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM webhook_migrations", connection, transaction);
        var applied = Convert.ToInt32(await current.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        for (var version = applied + 1; version <= Migrations.Length; version++)
        {
            await ExecuteAsync(connection, transaction, Migrations[version - 1], cancellationToken);
            await ExecuteAsync(connection, transaction, $"INSERT INTO webhook_migrations (version) VALUES ({version})", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
