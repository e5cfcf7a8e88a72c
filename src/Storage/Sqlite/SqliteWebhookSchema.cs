using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Sqlite;

/// <summary>
/// The webhook tables, as numbered migrations like <see cref="SqliteSchema"/>'s but counted in their own table, so
/// that the journal's, the history's and these never compete for a number.
/// </summary>
internal static class SqliteWebhookSchema
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE webhooks (
            id TEXT PRIMARY KEY, partner TEXT NOT NULL, url TEXT NOT NULL, secret TEXT NOT NULL,
            units TEXT NOT NULL, children INTEGER NOT NULL, created_at INTEGER NOT NULL);
        CREATE INDEX webhooks_partner ON webhooks (partner, created_at);
        CREATE TABLE webhook_outbox (
            webhook_id TEXT NOT NULL, unit_id TEXT NOT NULL, delivered_version INTEGER,
            pending_version INTEGER, pending_body TEXT, PRIMARY KEY (webhook_id, unit_id),
            CHECK ((pending_version IS NULL) = (pending_body IS NULL)));
        """,
        // The day the daily reports are delivered through, as yyyy-MM-dd (text compares as the dates do).
        "ALTER TABLE webhooks ADD COLUMN daily_reports_through TEXT;",
    ];

    public static void Migrate(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "CREATE TABLE IF NOT EXISTS webhook_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)";
        command.ExecuteNonQuery();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM webhook_migrations";
        var applied = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        for (var version = applied + 1; version <= Migrations.Length; version++)
        {
            command.CommandText = Migrations[version - 1];
            command.ExecuteNonQuery();
            command.CommandText = $"INSERT INTO webhook_migrations (version, applied_at) VALUES ({version}, datetime('now'))";
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
