using Canvass.Storage.Revocations;
using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Sqlite;

/// <summary>
/// Revocations in the journal's SQLite file, table <c>token_revocations</c>. A few writes a day and one read per
/// activation of the revocation grain, so each opens a pooled connection of its own; synchronous=FULL, as the
/// journal's, so that a revocation once answered survives a power loss.
/// </summary>
public sealed class SqliteRevocationStore : IRevocationStore
{
    private readonly string _connectionString;

    private SqliteRevocationStore(string connectionString) => _connectionString = connectionString;

    public static SqliteRevocationStore Open(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var store = new SqliteRevocationStore(new SqliteConnectionStringBuilder { DataSource = full, Pooling = true }.ToString());
        using var connection = store.Connect();
        using var command = connection.CreateCommand();
        // One table that only ever gains rows: IF NOT EXISTS is its whole migration.
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS token_revocations (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, token_id TEXT, subject TEXT, unit TEXT NOT NULL,
                revoked_at INTEGER NOT NULL, revoked_by TEXT NOT NULL)
            """;
        command.ExecuteNonQuery();
        return store;
    }

    public Task AddAsync(StoredRevocation revocation, CancellationToken cancellationToken = default)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO token_revocations (token_id, subject, unit, revoked_at, revoked_by) VALUES ($token, $subject, $unit, $at, $by)
            """;
        command.Parameters.AddWithValue("$token", (object?)revocation.TokenId ?? DBNull.Value);
        command.Parameters.AddWithValue("$subject", (object?)revocation.Subject ?? DBNull.Value);
        command.Parameters.AddWithValue("$unit", revocation.Unit);
        command.Parameters.AddWithValue("$at", revocation.RevokedAt.UtcTicks);
        command.Parameters.AddWithValue("$by", revocation.By);
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StoredRevocation>> ListAsync(CancellationToken cancellationToken = default)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT token_id, subject, unit, revoked_at, revoked_by FROM token_revocations ORDER BY seq";
        using var reader = command.ExecuteReader();
        var list = new List<StoredRevocation>();
        while (reader.Read())
        {
            list.Add(new StoredRevocation(
                reader.IsDBNull(0) ? null : reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetString(2),
                new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero),
                reader.GetString(4)));
        }

        return Task.FromResult<IReadOnlyList<StoredRevocation>>(list);
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        // 30 s of busy_timeout outwaits any journal group commit.
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;";
        command.ExecuteNonQuery();
        return connection;
    }
}
