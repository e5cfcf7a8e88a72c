using Npgsql;

namespace Canvass.Storage.PostgreSql;

/// <summary>
/// The history tables, as numbered migrations like <see cref="PostgreSqlSchema"/>'s (the same advisory lock, so
/// that silos starting together apply each once) but counted in their own table, so that the journal's migrations
/// and these never compete for a number.
/// </summary>
public static class PostgreSqlHistorySchema
{
    private const long MigrationLock = 0x43414E5641535300; // "CANVASS\0", as the journal's

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE unit_history (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, unit_id text NOT NULL, at bigint NOT NULL, summary text NOT NULL);
        CREATE INDEX unit_history_unit_at ON unit_history (unit_id, at);
        CREATE INDEX unit_history_at ON unit_history (at);
        CREATE TABLE unit_history_compaction (id integer PRIMARY KEY CHECK (id = 1), compacted_to bigint NOT NULL);
        """,
        // Issue 16: the screening-time rows (see ScreeningRow): a site's as the site holds them, its ancestors' summed.
        """
        CREATE TABLE unit_screening (
            unit_id text NOT NULL, at bigint NOT NULL,
            screened bigint NOT NULL, absent bigint NOT NULL, refused bigint NOT NULL,
            r0 bigint NOT NULL, r1 bigint NOT NULL, r2 bigint NOT NULL, r3 bigint NOT NULL, r4 bigint NOT NULL,
            r5 bigint NOT NULL, r6 bigint NOT NULL, last_at bigint NOT NULL,
            PRIMARY KEY (unit_id, at));
        """,
        // Issue 16: the checkpoint figures by checkpoint time in the same rows; rows written before read as none.
        """
        ALTER TABLE unit_screening ADD COLUMN closed bigint NOT NULL DEFAULT 0, ADD COLUMN unstaffed bigint NOT NULL DEFAULT 0,
            ADD COLUMN temperature_checks bigint NOT NULL DEFAULT 0;
        """,
    ];

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLock})", cancellationToken);
        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS unit_history_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", cancellationToken);
        await using var current = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM unit_history_migrations", connection, transaction);
        var applied = Convert.ToInt32(await current.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        for (var version = applied + 1; version <= Migrations.Length; version++)
        {
            await ExecuteAsync(connection, transaction, Migrations[version - 1], cancellationToken);
            await ExecuteAsync(connection, transaction, $"INSERT INTO unit_history_migrations (version) VALUES ({version})", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
