using Canvass.Storage.Uploads;
using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Sqlite;

/// <summary>
/// Upload receipts in the journal's SQLite file, tables <c>uploads</c> and <c>upload_units</c>. One write per posted
/// batch, after its sites have stored its items, so each opens a pooled connection of its own; synchronous=FULL, as
/// the journal's, so that a receipt once answered survives a power loss.
/// </summary>
public sealed class SqliteUploadStore : IUploadStore
{
    private readonly string _connectionString;

    private SqliteUploadStore(string connectionString) => _connectionString = connectionString;

    public static SqliteUploadStore Open(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var store = new SqliteUploadStore(new SqliteConnectionStringBuilder { DataSource = full, Pooling = true }.ToString());
        using var connection = store.Connect();
        using var command = connection.CreateCommand();
        // Tables that only ever gain rows: IF NOT EXISTS is their whole migration.
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS uploads (
                id TEXT PRIMARY KEY, received_at INTEGER NOT NULL, subject TEXT, document TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS upload_units (
                unit_id TEXT NOT NULL, received_at INTEGER NOT NULL, upload_id TEXT NOT NULL,
                PRIMARY KEY (unit_id, received_at, upload_id)) WITHOUT ROWID;
            """;
        command.ExecuteNonQuery();
        return store;
    }

    public Task AddAsync(StoredUpload upload, CancellationToken cancellationToken = default)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO uploads (id, received_at, subject, document) VALUES ($id, $at, $subject, $document)";
            command.Parameters.AddWithValue("$id", upload.Id);
            command.Parameters.AddWithValue("$at", upload.ReceivedAt.UtcTicks);
            command.Parameters.AddWithValue("$subject", (object?)upload.Subject ?? DBNull.Value);
            command.Parameters.AddWithValue("$document", upload.Document);
            command.ExecuteNonQuery();
        }

        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "INSERT OR IGNORE INTO upload_units (unit_id, received_at, upload_id) VALUES ($unit, $at, $id)";
            var unit = command.Parameters.Add("$unit", SqliteType.Text);
            command.Parameters.AddWithValue("$at", upload.ReceivedAt.UtcTicks);
            command.Parameters.AddWithValue("$id", upload.Id);
            command.Prepare();
            foreach (var id in upload.Units)
            {
                unit.Value = id;
                command.ExecuteNonQuery();
            }
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task<StoredUpload?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, received_at, subject, document FROM uploads WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? Read(reader) : null);
    }

    public Task<IReadOnlyList<StoredUpload>> ListAsync(string unitId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken = default)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT u.id, u.received_at, u.subject, u.document FROM upload_units x JOIN uploads u ON u.id = x.upload_id
            WHERE x.unit_id = $unit AND x.received_at >= $from AND x.received_at <= $to
            ORDER BY x.received_at DESC, x.upload_id DESC LIMIT $limit
            """;
        command.Parameters.AddWithValue("$unit", unitId);
        command.Parameters.AddWithValue("$from", from.UtcTicks);
        command.Parameters.AddWithValue("$to", to.UtcTicks);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var list = new List<StoredUpload>();
        while (reader.Read())
        {
            list.Add(Read(reader));
        }

        return Task.FromResult<IReadOnlyList<StoredUpload>>(list);
    }

    private static StoredUpload Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        [],
        reader.GetString(3));

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
