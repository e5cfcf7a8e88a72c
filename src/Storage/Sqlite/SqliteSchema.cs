using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Sqlite;

/// <summary>The SQLite schema, as numbered migrations applied once each at start.</summary>
internal static class SqliteSchema
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE site_events (
            site_id TEXT NOT NULL, seq INTEGER NOT NULL, report_id TEXT NOT NULL, household INTEGER NOT NULL,
            screened_at INTEGER NOT NULL, outcome INTEGER NOT NULL, residents INTEGER NOT NULL, screener_id TEXT NOT NULL,
            PRIMARY KEY (site_id, seq)) WITHOUT ROWID;
        CREATE TABLE site_snapshots (site_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, data BLOB NOT NULL);
        """,
        // Checkpoint reports and acknowledgements join household reports in a site's journal.
        """
        ALTER TABLE site_events ADD COLUMN kind INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE site_events ADD COLUMN detail TEXT;
        """,
    ];

    public static void Migrate(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)";
        command.ExecuteNonQuery();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
        var applied = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        for (var version = applied + 1; version <= Migrations.Length; version++)
        {
            command.CommandText = Migrations[version - 1];
            command.ExecuteNonQuery();
            command.CommandText = $"INSERT INTO schema_migrations (version, applied_at) VALUES ({version}, datetime('now'))";
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
