using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Sqlite;

/// <summary>
/// The embedded journal: one SQLite file in WAL mode with full synchronous commits. Records are appended in commit
/// order to one table (the end of one B-tree, a few pages per commit whatever sites they belong to); a site's records
/// are found through an index that <see cref="SqliteLogIndex"/> fills behind the writes in sorted bulk. Reads run on
/// pooled connections beside the single group-committing writer.
/// </summary>
public sealed class SqliteJournal : GroupCommitJournal
{
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writerLock = new(1, 1);
    private readonly UnindexedSites _unindexed = new();
    private readonly SqliteLogIndex _index;
    private readonly SqliteLogStatements _statements;

    private SqliteJournal(string connectionString, SqliteConnection writer, int maxRecordsPerCommit, int maxConcurrentLoads)
        : base(maxRecordsPerCommit, writers: 1, maxConcurrentLoads)
    {
        _connectionString = connectionString;
        _writer = writer;
        _index = new SqliteLogIndex(writer, _writerLock, _unindexed);
        _statements = new SqliteLogStatements(writer);
    }

    public static SqliteJournal Open(string path, int maxRecordsPerCommit, int maxConcurrentLoads = 16)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = full, Pooling = true }.ToString();
        var writer = new SqliteConnection(connectionString);
        writer.Open();
        // Checkpointing every 40 MB of WAL instead of SQLite's default 4 MB writes the index's pages back once for
        // many rounds, and a 64 MB page cache keeps the pages loads and rounds read out of pread.
        Execute(writer, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000; PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=10000;");
        SqliteSchema.Migrate(writer);
        // What a process killed before its last round wrote is indexed now, before anything reads or writes.
        SqliteLogIndex.CatchUp(writer);
        return new SqliteJournal(connectionString, writer, maxRecordsPerCommit, maxConcurrentLoads);
    }

    protected override async Task<SiteHistory> LoadCoreAsync(string siteId, bool withSnapshot, CancellationToken cancellationToken)
    {
        var pending = _unindexed.Of(siteId);
        await using var connection = await OpenReaderAsync(cancellationToken);
        var (snapshotSequence, snapshot) = withSnapshot ? await ReadSnapshotAsync(connection, siteId, cancellationToken) : (0L, null);

        var records = new List<JournalRecord>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT j.seq, j.report_id, j.household, j.screened_at, j.outcome, j.residents, j.screener_id, j.kind, j.detail, j.acked_at, j.submitted_by
                FROM journal_index i JOIN journal j ON j.pos = i.pos WHERE i.site_id = $site AND i.seq > $after ORDER BY i.seq
                """;
            command.Parameters.AddWithValue("$site", siteId);
            command.Parameters.AddWithValue("$after", snapshotSequence);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                records.Add(new JournalRecord(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3),
                    (byte)reader.GetInt32(4), reader.GetInt64(5), reader.GetString(6), (byte)reader.GetInt32(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8), reader.GetInt64(9), reader.IsDBNull(10) ? null : reader.GetString(10)));
            }
        }

        var indexed = records.Count > 0 ? records[^1].Sequence : snapshotSequence;
        records.AddRange(pending.Where(r => r.Sequence > indexed));
        return new SiteHistory(snapshotSequence, snapshot, records);
    }

    protected override async Task<IReadOnlySet<string>> FindReportIdsCoreAsync(
        string siteId, long fromSequence, IReadOnlyCollection<string> reportIds, CancellationToken cancellationToken)
    {
        var wanted = reportIds.ToHashSet(StringComparer.Ordinal);
        var found = _unindexed.Of(siteId).Where(r => r.Sequence >= fromSequence && wanted.Contains(r.ReportId)).Select(r => r.ReportId).ToHashSet(StringComparer.Ordinal);
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT j.report_id FROM journal_index i JOIN journal j ON j.pos = i.pos WHERE i.site_id = $site AND i.seq >= $from";
        command.Parameters.AddWithValue("$site", siteId);
        command.Parameters.AddWithValue("$from", fromSequence);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetString(0);
            if (wanted.Contains(id))
            {
                found.Add(id);
            }
        }

        return found;
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
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

    public override async Task<long> CompactAsync(long acknowledgedBeforeUtcTicks, CancellationToken cancellationToken = default)
    {
        long removed = 0;
        for (long step; (step = await CompactStepAsync(acknowledgedBeforeUtcTicks, cancellationToken)) > 0;)
        {
            removed += step;
        }

        return removed;
    }

    private async Task<long> CompactStepAsync(long acknowledgedBeforeUtcTicks, CancellationToken cancellationToken)
    {
        await _writerLock.WaitAsync(cancellationToken);
        try
        {
            // Only indexed rows go (their index entries with them): index what is pending first.
            SqliteLogIndex.CatchUp(_writer);
            _unindexed.Indexed();
            return SqliteCompaction.Step(_writer, acknowledgedBeforeUtcTicks);
        }
        finally
        {
            _writerLock.Release();
        }
    }

    // Once a day: a scan of the journal table, whose rows are in commit order (no index on acked_at).
    protected override async Task<IReadOnlyList<LateArrivals>> CountArrivedLateCoreAsync(long screenedBeforeUtcTicks, long arrivedAfterUtcTicks, long arrivedUpToUtcTicks, IReadOnlyCollection<byte> kinds, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT site_id, kind, COUNT(*) FROM journal
            WHERE acked_at > $after AND acked_at <= $upTo AND screened_at < $before AND kind IN ({string.Join(',', kinds.Select(k => (int)k))})
            GROUP BY site_id, kind
            """;
        command.Parameters.AddWithValue("$after", arrivedAfterUtcTicks);
        command.Parameters.AddWithValue("$upTo", arrivedUpToUtcTicks);
        command.Parameters.AddWithValue("$before", screenedBeforeUtcTicks);
        var counts = new List<LateArrivals>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add(new LateArrivals(reader.GetString(0), (byte)reader.GetInt32(1), reader.GetInt64(2)));
        }

        return counts;
    }

    public override async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    protected override async Task WriteAsync(IReadOnlyList<PendingWrite> batch, CancellationToken cancellationToken)
    {
        await _writerLock.WaitAsync(cancellationToken);
        var heads = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            // Microsoft.Data.Sqlite is synchronous underneath; this runs on the writer's own loop, off the grain threads.
            using var transaction = _writer.BeginTransaction();
            foreach (var write in batch)
            {
                if (write.Snapshot is { } data)
                {
                    SaveSnapshot(transaction, write.SiteId, write.SnapshotSequence, data);
                    continue;
                }

                // No key on (site, seq) in the log to refuse a taken sequence number: the writer checks it itself.
                var head = heads.TryGetValue(write.SiteId, out var h) ? h : HeadOf(write.SiteId);
                if (write.Records[0].Sequence <= head)
                {
                    throw new SequenceTakenException(write.SiteId, write.Records[0].Sequence);
                }

                foreach (var record in write.Records)
                {
                    _statements.Insert(write.SiteId, record);
                }

                heads[write.SiteId] = write.Records[^1].Sequence;
            }

            transaction.Commit();
            _unindexed.Written(batch.Where(w => w.Snapshot is null).Select(w => (w.SiteId, w.Records)));
        }
        finally
        {
            _writerLock.Release();
        }

        _index.Poke();
    }

    /// <summary>The site's last sequence number: pending in memory, else the file's.</summary>
    private long HeadOf(string siteId) => _unindexed.TryGetHead(siteId, out var head) ? head : _statements.HeadOf(siteId);

    protected override bool IsConflict(Exception exception) => exception is SequenceTakenException;

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

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _index.DisposeAsync();
        _statements.Dispose();
        await _writer.DisposeAsync();
        _writerLock.Dispose();
    }

    /// <summary>A record's sequence number is already in the site's journal (a second activation, or a retried write).</summary>
    private sealed class SequenceTakenException(string siteId, long sequence)
        : Exception($"Site {siteId} already has journal record {sequence}.");
}
