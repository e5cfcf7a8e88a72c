using Npgsql;

namespace Canvass.Storage.PostgreSql;

/// <summary>
/// The project's own PostgreSQL schema as numbered migrations. Applied at start under an advisory lock, so that
/// silos starting together apply each migration once; `dotnet run --project src/Silo -- migrate` applies them alone.
/// </summary>
public static class PostgreSqlSchema
{
    private const long MigrationLock = 0x43414E5641535300; // "CANVASS\0"

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE site_events (
            site_id text NOT NULL, seq bigint NOT NULL, report_id text NOT NULL, household integer NOT NULL,
            screened_at bigint NOT NULL, outcome smallint NOT NULL, residents bigint NOT NULL, screener_id text NOT NULL,
            PRIMARY KEY (site_id, seq));
        CREATE TABLE site_snapshots (site_id text PRIMARY KEY, seq bigint NOT NULL, data bytea NOT NULL);
        """,
        // Checkpoint reports and acknowledgements join household reports in a site's journal.
        """
        ALTER TABLE site_events ADD COLUMN kind smallint NOT NULL DEFAULT 0;
        ALTER TABLE site_events ADD COLUMN detail text;
        """,
        // When each event was journaled (UTC ticks), for the duplicate window; rows from before carry the migration's time.
        """
        ALTER TABLE site_events ADD COLUMN acked_at bigint NOT NULL
            DEFAULT (extract(epoch FROM now()) * 10000000)::bigint + 621355968000000000;
        ALTER TABLE site_events ALTER COLUMN acked_at DROP DEFAULT;
        CREATE INDEX site_events_acked_at ON site_events USING brin (acked_at);
        """,
        // Who submitted each record: the token's subject. Rows from before have none (NULL), and load as such.
        """
        ALTER TABLE site_events ADD COLUMN submitted_by text;
        """,
    ];

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLock})", cancellationToken);
        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", cancellationToken);
        await using var current = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", connection, transaction);
        var applied = Convert.ToInt32(await current.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        for (var version = applied + 1; version <= Migrations.Length; version++)
        {
            await ExecuteAsync(connection, transaction, Migrations[version - 1], cancellationToken);
            await ExecuteAsync(connection, transaction, $"INSERT INTO schema_migrations (version) VALUES ({version})", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
