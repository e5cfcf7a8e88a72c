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
        // The journal in commit order: appends land at the end of one table instead of on a page per site. A site's
        // records are found through journal_index, which SqliteLogIndex fills in sorted bulk behind the writes up to
        // journal_indexed.pos. Rows from before carry the migration's time as their acknowledgement (UTC ticks).
        """
        CREATE TABLE journal (
            pos INTEGER PRIMARY KEY, site_id TEXT NOT NULL, seq INTEGER NOT NULL, report_id TEXT NOT NULL,
            household INTEGER NOT NULL, screened_at INTEGER NOT NULL, outcome INTEGER NOT NULL, residents INTEGER NOT NULL,
            screener_id TEXT NOT NULL, kind INTEGER NOT NULL, detail TEXT, acked_at INTEGER NOT NULL);
        CREATE TABLE journal_index (site_id TEXT NOT NULL, seq INTEGER NOT NULL, pos INTEGER NOT NULL, PRIMARY KEY (site_id, seq)) WITHOUT ROWID;
        CREATE TABLE journal_indexed (id INTEGER PRIMARY KEY CHECK (id = 1), pos INTEGER NOT NULL);
        INSERT INTO journal (site_id, seq, report_id, household, screened_at, outcome, residents, screener_id, kind, detail, acked_at)
            SELECT site_id, seq, report_id, household, screened_at, outcome, residents, screener_id, kind, detail,
                   CAST((julianday('now') - 2440587.5) * 864000000000 AS INTEGER) + 621355968000000000
            FROM site_events ORDER BY site_id, seq;
        INSERT INTO journal_index (site_id, seq, pos) SELECT site_id, seq, pos FROM journal ORDER BY site_id, seq;
        INSERT INTO journal_indexed (id, pos) SELECT 1, COALESCE(MAX(pos), 0) FROM journal;
        DROP TABLE site_events;
        """,
        // Who submitted each record: the token's subject. Rows from before have none (NULL), and load as such.
        """
        ALTER TABLE journal ADD COLUMN submitted_by TEXT;
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
