using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Canvass.Bench.Campaign;

/// <summary>
/// What the server's store takes on disk, read from outside the server: for SQLite the database file and its
/// write-ahead log, for PostgreSQL the database's size; and the site snapshots within it (the sum of the lengths of
/// <c>site_snapshots.data</c>). The database is opened read-only, without pooling, and closed before the server is
/// killed, so the bench never holds it across a restart.
/// </summary>
public sealed class JournalFootprint(string? sqlitePath, string? postgreSql)
{
    public bool Known => sqlitePath is not null || postgreSql is not null;

    public async Task<JournalBytes> MeasureAsync(CancellationToken cancel)
    {
        if (sqlitePath is { } path)
        {
            var disk = FileBytes(path) + FileBytes(path + "-wal");
            var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
            await using var connection = new SqliteConnection(builder.ConnectionString);
            await connection.OpenAsync(cancel);
            return new JournalBytes(disk, await SnapshotsAsync(connection,
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'site_snapshots'",
                "SELECT coalesce(sum(length(data)), 0) FROM site_snapshots", cancel));
        }

        if (postgreSql is { } connectionString)
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
            await connection.OpenAsync(cancel);
            var disk = await ScalarAsync(connection, "SELECT pg_database_size(current_database())", cancel);
            return new JournalBytes(disk, await SnapshotsAsync(connection,
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'site_snapshots'",
                "SELECT coalesce(sum(octet_length(data)), 0) FROM site_snapshots", cancel));
        }

        return new JournalBytes(null, null);
    }

    private static long FileBytes(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    /// <summary>The snapshots' bytes, or null when the store has no <c>site_snapshots</c> table (a journal of another layout).</summary>
    private static async Task<long?> SnapshotsAsync(DbConnection connection, string tableExists, string sumOfData, CancellationToken cancel)
    {
        if (await ScalarAsync(connection, tableExists, cancel) == 0)
        {
            return null;
        }

        return await ScalarAsync(connection, sumOfData, cancel);
    }

    private static async Task<long> ScalarAsync(DbConnection connection, string sql, CancellationToken cancel)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancel), CultureInfo.InvariantCulture);
    }
}

/// <summary>The store's bytes on disk and the site snapshots' bytes within it; null where the bench cannot tell.</summary>
public sealed record JournalBytes(long? DiskBytes, long? SnapshotBytes);
