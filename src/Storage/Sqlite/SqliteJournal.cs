using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Sqlite;

/// <summary>
/// The embedded journal: one SQLite file in WAL mode with full synchronous commits, one writer connection that
/// group-commits, and pooled reader connections that WAL lets run beside it.
/// </summary>
public sealed class SqliteJournal : GroupCommitJournal
{
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;

    private SqliteJournal(string connectionString, SqliteConnection writer, int maxRecordsPerCommit, int maxConcurrentLoads)
        : base(maxRecordsPerCommit, writers: 1, maxConcurrentLoads)
    {
        _connectionString = connectionString;
        _writer = writer;
    }

    public static SqliteJournal Open(string path, int maxRecordsPerCommit, int maxConcurrentLoads = 16)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = full, Pooling = true }.ToString();
        var writer = new SqliteConnection(connectionString);
        writer.Open();
        Execute(writer, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;");
        SqliteSchema.Migrate(writer);
        return new SqliteJournal(connectionString, writer, maxRecordsPerCommit, maxConcurrentLoads);
    }

    protected override async Task<SiteHistory> LoadCoreAsync(string siteId, bool withSnapshot, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        var (snapshotSequence, snapshot) = withSnapshot ? await ReadSnapshotAsync(connection, siteId, cancellationToken) : (0L, null);

        var records = new List<JournalRecord>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT seq, report_id, household, screened_at, outcome, residents, screener_id
                FROM site_events WHERE site_id = $site AND seq > $after ORDER BY seq
                """;
            command.Parameters.AddWithValue("$site", siteId);
            command.Parameters.AddWithValue("$after", snapshotSequence);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                records.Add(new JournalRecord(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3),
                    (byte)reader.GetInt32(4), reader.GetInt64(5), reader.GetString(6)));
            }
        }

        return new SiteHistory(snapshotSequence, snapshot, records);
    }

    private static async Task<(long Sequence, byte[]? Data)> ReadSnapshotAsync(SqliteConnection connection, string siteId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, data FROM site_snapshots WHERE site_id = $site";
        command.Parameters.AddWithValue("$site", siteId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken))
        {
            return (reader.GetInt64(0), (byte[])reader.GetValue(1));
        }

        return (0, null);
    }

    public override async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    protected override Task WriteAsync(IReadOnlyList<PendingWrite> batch, CancellationToken cancellationToken)
    {
        // Microsoft.Data.Sqlite is synchronous underneath; this runs on the writer's own loop, off the grain threads.
        using var transaction = _writer.BeginTransaction();
        using var insert = _writer.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO site_events (site_id, seq, report_id, household, screened_at, outcome, residents, screener_id)
            VALUES ($site, $seq, $report, $household, $at, $outcome, $residents, $screener)
            """;
        var site = insert.Parameters.Add("$site", SqliteType.Text);
        var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
        var report = insert.Parameters.Add("$report", SqliteType.Text);
        var household = insert.Parameters.Add("$household", SqliteType.Integer);
        var at = insert.Parameters.Add("$at", SqliteType.Integer);
        var outcome = insert.Parameters.Add("$outcome", SqliteType.Integer);
        var residents = insert.Parameters.Add("$residents", SqliteType.Integer);
        var screener = insert.Parameters.Add("$screener", SqliteType.Text);
        insert.Prepare();

        foreach (var write in batch)
        {
            if (write.Snapshot is { } data)
            {
                SaveSnapshot(transaction, write.SiteId, write.SnapshotSequence, data);
                continue;
            }

            site.Value = write.SiteId;
            foreach (var record in write.Records)
            {
                seq.Value = record.Sequence;
                report.Value = record.ReportId;
                household.Value = record.Household;
                at.Value = record.ScreenedAtUtcTicks;
                outcome.Value = (int)record.Outcome;
                residents.Value = record.Residents;
                screener.Value = record.ScreenerId;
                insert.ExecuteNonQuery();
            }
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    protected override bool IsConflict(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 19 }; // SQLITE_CONSTRAINT: the (site, seq) key is taken

    private void SaveSnapshot(SqliteTransaction transaction, string siteId, long sequence, byte[] data)
    {
        using var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO site_snapshots (site_id, seq, data) VALUES ($site, $seq, $data)
            ON CONFLICT (site_id) DO UPDATE SET seq = excluded.seq, data = excluded.data WHERE excluded.seq > site_snapshots.seq
            """;
        command.Parameters.AddWithValue("$site", siteId);
        command.Parameters.AddWithValue("$seq", sequence);
        command.Parameters.AddWithValue("$data", data);
        command.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _writer.DisposeAsync();
    }
}
