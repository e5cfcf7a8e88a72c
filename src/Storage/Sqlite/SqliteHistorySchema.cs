using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Sqlite;

/// <summary>
/// The history tables, as numbered migrations like <see cref="SqliteSchema"/>'s but counted in their own table, so
/// that the journal's migrations and these never compete for a number.
/// </summary>
internal static class SqliteHistorySchema
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE unit_history (
            id INTEGER PRIMARY KEY, unit_id TEXT NOT NULL, at INTEGER NOT NULL, summary TEXT NOT NULL);
        CREATE INDEX unit_history_unit_at ON unit_history (unit_id, at);
        CREATE INDEX unit_history_at ON unit_history (at);
        CREATE TABLE unit_history_compaction (id INTEGER PRIMARY KEY CHECK (id = 1), compacted_to INTEGER NOT NULL);
        """,
        // Issue 16: the screening-time rows (see ScreeningRow): a site's as the site holds them, its ancestors' summed.
        """
        CREATE TABLE unit_screening (
            unit_id TEXT NOT NULL, at INTEGER NOT NULL,
            screened INTEGER NOT NULL, absent INTEGER NOT NULL, refused INTEGER NOT NULL,
            r0 INTEGER NOT NULL, r1 INTEGER NOT NULL, r2 INTEGER NOT NULL, r3 INTEGER NOT NULL, r4 INTEGER NOT NULL,
            r5 INTEGER NOT NULL, r6 INTEGER NOT NULL, last_at INTEGER NOT NULL,
            PRIMARY KEY (unit_id, at)) WITHOUT ROWID;
        """,
        // Issue 16: the checkpoint figures by checkpoint time in the same rows; rows written before read as none.
        """
        ALTER TABLE unit_screening ADD COLUMN closed INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE unit_screening ADD COLUMN unstaffed INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE unit_screening ADD COLUMN temperature_checks INTEGER NOT NULL DEFAULT 0;
        """,
    ];

    public static void Migrate(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "CREATE TABLE IF NOT EXISTS unit_history_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)";
        command.ExecuteNonQuery();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM unit_history_migrations";
        var applied = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        for (var version = applied + 1; version <= Migrations.Length; version++)
        {
            command.CommandText = Migrations[version - 1];
            command.ExecuteNonQuery();
            command.CommandText = $"INSERT INTO unit_history_migrations (version, applied_at) VALUES ({version}, datetime('now'))";
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
