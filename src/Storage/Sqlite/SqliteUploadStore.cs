using System.Text.Json;
using System.Threading.Channels;
using Canvass.Storage.Uploads;
using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Sqlite;

/// <summary>
/// Upload receipts in the journal's SQLite file, tables <c>uploads</c> and <c>upload_units</c>, and the teams' latest
/// uploads, table <c>upload_teams</c>. Written by one writer in group commits (a receipt per posted batch, after its
/// sites have stored its items); synchronous=FULL, as the journal's, so that a receipt once answered survives a power
/// loss. Reads open pooled connections of their own.
/// </summary>
/// <remarks>
/// A receipt's units are written as one row of <c>upload_pending_lists</c> (a JSON array) in its own transaction and
/// moved into <c>upload_units</c>, one row per unit sorted by unit, by <see cref="SqliteUploadIndex"/> every few
/// seconds. Inserted one receipt at a time, a batch of random sites dirtied one index page per unit, a thousand or
/// more 4 KiB pages per receipt, which doubled ingest CPU. The journal's site index is built behind its writes for
/// the same reason. Lists read both tables, so a receipt is listed from its commit on.
/// </remarks>
public sealed class SqliteUploadStore : IUploadStore, IAsyncDisposable
{
    private const int MaxGroup = 256;

    private readonly string _connectionString;
    private readonly SqliteUploadIndex _index;
    private readonly Channel<PendingUpload> _queue = Channel.CreateUnbounded<PendingUpload>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    private SqliteUploadStore(string connectionString, TimeSpan indexEvery)
    {
        _connectionString = connectionString;
        _index = new SqliteUploadIndex(Connect, indexEvery);
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <param name="path">The journal's SQLite file.</param>
    /// <param name="indexEvery">How often pending index rows move into the index (tests set it long to read them pending).</param>
    public static SqliteUploadStore Open(string path, TimeSpan? indexEvery = null)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = full, Pooling = true }.ToString();
        using (var connection = Connect(connectionString))
        using (var command = connection.CreateCommand())
        {
            // Tables that only ever gain rows (upload_pending_lists is emptied into upload_units): IF NOT EXISTS is
            // their whole migration; receipts stored before it existed were indexed as they were written, or are
            // still in upload_pending (one row per unit, a layout of a few hours), indexed here and dropped.
            command.CommandText = """
                CREATE TABLE IF NOT EXISTS uploads (
                    id TEXT PRIMARY KEY, received_at INTEGER NOT NULL, subject TEXT, document TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS upload_units (
                    unit_id TEXT NOT NULL, received_at INTEGER NOT NULL, upload_id TEXT NOT NULL,
                    PRIMARY KEY (unit_id, received_at, upload_id)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS upload_pending_lists (
                    upload_id TEXT NOT NULL, received_at INTEGER NOT NULL, units TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS upload_pending (
                    unit_id TEXT NOT NULL, received_at INTEGER NOT NULL, upload_id TEXT NOT NULL);
                INSERT OR IGNORE INTO upload_units (unit_id, received_at, upload_id)
                    SELECT unit_id, received_at, upload_id FROM upload_pending;
                DROP TABLE upload_pending;
                CREATE TABLE IF NOT EXISTS upload_teams (
                    subject TEXT PRIMARY KEY, received_at INTEGER NOT NULL, site_id TEXT NOT NULL,
                    silent_site TEXT, silent_since INTEGER);
                CREATE INDEX IF NOT EXISTS upload_teams_received ON upload_teams (received_at);
                """;
            command.ExecuteNonQuery();
        }

        return new SqliteUploadStore(connectionString, indexEvery ?? SqliteUploadIndex.DefaultEvery);
    }

    /// <summary>Queues the receipt for the writer and completes once its group's transaction is durable.</summary>
    public Task AddAsync(StoredUpload upload, CancellationToken cancellationToken = default)
    {
        var pending = new PendingUpload(upload);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(SqliteUploadStore));
        }

        return pending.Stored.Task;
    }

    /// <summary>
    /// One writer, committing every receipt queued meanwhile in one transaction: each commit is an fsync of the
    /// journal's file, and one per receipt, in turn with the journal's own group commits, held back the sites'
    /// acknowledgements (docs/PERFORMANCE.md, issue 16). A group that fails is written again receipt by
    /// receipt, so that one refused receipt (an id stored already) fails only its own batch.
    /// </summary>
    private async Task WriteLoopAsync()
    {
        using var connection = Connect();
        var group = new List<PendingUpload>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (group.Count < MaxGroup && _queue.Reader.TryRead(out var pending))
            {
                group.Add(pending);
            }

            try
            {
                Write(connection, group);
                group.ForEach(p => p.Stored.TrySetResult());
            }
            catch (Exception) when (group.Count > 1)
            {
                foreach (var pending in group)
                {
                    try
                    {
                        Write(connection, [pending]);
                        pending.Stored.TrySetResult();
                    }
                    catch (Exception e)
                    {
                        pending.Stored.TrySetException(e);
                    }
                }
            }
            catch (Exception e)
            {
                group[0].Stored.TrySetException(e);
            }

            _index.Added(group.Count);
            group.Clear();
        }
    }

    private static void Write(SqliteConnection connection, IReadOnlyList<PendingUpload> group)
    {
        using var transaction = connection.BeginTransaction();
        foreach (var pending in group)
        {
            Insert(connection, transaction, pending.Upload);
        }

        transaction.Commit();
    }

    private static void Insert(SqliteConnection connection, SqliteTransaction transaction, StoredUpload upload)
    {
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
            command.CommandText = "INSERT INTO upload_pending_lists (upload_id, received_at, units) VALUES ($id, $at, $units)";
            command.Parameters.AddWithValue("$id", upload.Id);
            command.Parameters.AddWithValue("$at", upload.ReceivedAt.UtcTicks);
            command.Parameters.AddWithValue("$units", JsonSerializer.Serialize(upload.Units.Distinct(StringComparer.Ordinal)));
            command.ExecuteNonQuery();
        }

        if (upload is { TeamSiteId: { } site, Subject: { } subject })
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            // The mark of silence stays until the sweep has cleared what it stands for.
            command.CommandText = """
                INSERT INTO upload_teams (subject, received_at, site_id) VALUES ($subject, $at, $site)
                ON CONFLICT (subject) DO UPDATE SET received_at = excluded.received_at, site_id = excluded.site_id
                WHERE excluded.received_at > upload_teams.received_at
                """;
            command.Parameters.AddWithValue("$subject", subject);
            command.Parameters.AddWithValue("$at", upload.ReceivedAt.UtcTicks);
            command.Parameters.AddWithValue("$site", site);
            command.ExecuteNonQuery();
        }

    }

    private sealed record PendingUpload(StoredUpload Upload)
    {
        public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
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
            SELECT u.id, u.received_at, u.subject, u.document FROM (
                SELECT received_at, upload_id FROM upload_units WHERE unit_id = $unit AND received_at >= $from AND received_at <= $to
                UNION
                SELECT received_at, upload_id FROM upload_pending_lists p WHERE received_at >= $from AND received_at <= $to
                    AND EXISTS (SELECT 1 FROM json_each(p.units) WHERE value = $unit)
            ) x JOIN uploads u ON u.id = x.upload_id
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

    public Task<IReadOnlyList<TeamUpload>> ListTeamsAsync(DateTimeOffset from, CancellationToken cancellationToken = default)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT subject, received_at, site_id, silent_site, silent_since FROM upload_teams WHERE received_at >= $from";
        command.Parameters.AddWithValue("$from", from.UtcTicks);
        using var reader = command.ExecuteReader();
        var list = new List<TeamUpload>();
        while (reader.Read())
        {
            list.Add(new TeamUpload(reader.GetString(0), At(reader.GetInt64(1)), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : At(reader.GetInt64(4))));
        }

        return Task.FromResult<IReadOnlyList<TeamUpload>>(list);
    }

    public Task<bool> MarkSilentAsync(string subject, DateTimeOffset since, CancellationToken cancellationToken = default) =>
        Task.FromResult(Update("""
            UPDATE upload_teams SET silent_site = site_id, silent_since = received_at
            WHERE subject = $subject AND received_at = $since AND silent_since IS NULL
            """, subject, since));

    public Task<bool> UnmarkSilentAsync(string subject, DateTimeOffset since, CancellationToken cancellationToken = default) =>
        Task.FromResult(Update("UPDATE upload_teams SET silent_site = NULL, silent_since = NULL WHERE subject = $subject AND silent_since = $since", subject, since));

    private bool Update(string sql, string subject, DateTimeOffset since)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$subject", subject);
        command.Parameters.AddWithValue("$since", since.UtcTicks);
        return command.ExecuteNonQuery() == 1;
    }

    private static DateTimeOffset At(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    private static StoredUpload Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        [],
        reader.GetString(3));

    private SqliteConnection Connect() => Connect(_connectionString);

    private static SqliteConnection Connect(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        // 30 s of busy_timeout outwaits any journal group commit. The journal's checkpoint threshold: at the default
        // (1,000 pages) a receipt's commit would checkpoint the journal's file far more often than the journal does.
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA wal_autocheckpoint=10000;";
        command.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Moves every pending index row into the index now (what the loop does every few seconds).</summary>
    public void IndexPending() => _index.Round();

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
        await _index.DisposeAsync();
    }
}
