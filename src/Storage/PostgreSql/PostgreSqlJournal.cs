using Npgsql;
using NpgsqlTypes;

namespace Canvass.Storage.PostgreSql;

/// <summary>
/// The production journal: binary COPY of every queued record in one transaction per group commit, a few
/// transactions in flight at once, snapshots upserted in the same transaction.
/// </summary>
public sealed class PostgreSqlJournal : GroupCommitJournal
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly Lock _schemaLock = new();
    private Task? _schema;

    /// <summary>
    /// Creates the journal without touching the server; the schema is brought up to date (idempotent, safe when
    /// several silos start at once) by the first operation, asynchronously, so no thread ever blocks on it.
    /// </summary>
    public PostgreSqlJournal(string connectionString, int maxRecordsPerCommit, int writers, int maxConcurrentLoads = 16)
        : base(maxRecordsPerCommit, writers, maxConcurrentLoads)
    {
        // Enough connections for the writers and the bounded loads; several silos share one server's limit.
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.MaxPoolSize = Math.Min(builder.MaxPoolSize, writers + maxConcurrentLoads + 4);
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>Opens the journal and migrates its schema now.</summary>
    public static async Task<PostgreSqlJournal> OpenAsync(
        string connectionString, int maxRecordsPerCommit, int writers, int maxConcurrentLoads = 16, CancellationToken cancellationToken = default)
    {
        var journal = new PostgreSqlJournal(connectionString, maxRecordsPerCommit, writers, maxConcurrentLoads);
        await journal.EnsureSchemaAsync();
        return journal;
    }

    private Task EnsureSchemaAsync()
    {
        lock (_schemaLock)
        {
            // A failed migration (server not up yet) is tried again by the next operation.
            if (_schema is null || _schema.IsFaulted || _schema.IsCanceled)
            {
                _schema = PostgreSqlSchema.MigrateAsync(_dataSource);
            }

            return _schema;
        }
    }

    protected override async Task<SiteHistory> LoadCoreAsync(string siteId, bool withSnapshot, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var (snapshotSequence, snapshot) = withSnapshot ? await ReadSnapshotAsync(connection, siteId, cancellationToken) : (0L, null);

        var records = new List<JournalRecord>();
        await using (var command = new NpgsqlCommand(
            "SELECT seq, report_id, household, screened_at, outcome, residents, screener_id, kind, detail, acked_at, submitted_by FROM site_events WHERE site_id = $1 AND seq > $2 ORDER BY seq",
            connection))
        {
            command.Parameters.AddWithValue(siteId);
            command.Parameters.AddWithValue(snapshotSequence);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                records.Add(new JournalRecord(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3),
                    (byte)reader.GetInt16(4), reader.GetInt64(5), reader.GetString(6), (byte)reader.GetInt16(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                    reader.GetInt64(9), reader.IsDBNull(10) ? null : reader.GetString(10)));
            }
        }

        return new SiteHistory(snapshotSequence, snapshot, records);
    }

    protected override async Task<IReadOnlySet<string>> FindReportIdsCoreAsync(
        string siteId, long fromSequence, IReadOnlyCollection<string> reportIds, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync();
        var found = new HashSet<string>(StringComparer.Ordinal);
        // A range of the (site, seq) key: the window's records of one site, whatever its history.
        await using var command = _dataSource.CreateCommand(
            "SELECT report_id FROM site_events WHERE site_id = $1 AND seq >= $2 AND report_id = ANY($3)");
        command.Parameters.AddWithValue(siteId);
        command.Parameters.AddWithValue(fromSequence);
        command.Parameters.AddWithValue(reportIds.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(reader.GetString(0));
        }

        return found;
    }

    private static async Task<(long Sequence, byte[]? Data)> ReadSnapshotAsync(NpgsqlConnection connection, string siteId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT seq, data FROM site_snapshots WHERE site_id = $1", connection);
        command.Parameters.AddWithValue(siteId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken))
        {
            return (reader.GetInt64(0), (byte[])reader.GetValue(1));
        }

        return (0, null);
    }

    public override async Task<long> CompactAsync(long acknowledgedBeforeUtcTicks, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        // The BRIN index on acked_at (rows are appended in about that order) keeps this from reading the whole table.
        await using var command = _dataSource.CreateCommand("""
            DELETE FROM site_events e USING site_snapshots s
            WHERE e.acked_at < $1 AND s.site_id = e.site_id AND e.seq <= s.seq
            """);
        command.Parameters.AddWithValue(acknowledgedBeforeUtcTicks);
        command.CommandTimeout = 0;
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // Once a day; the BRIN index on acked_at keeps it to the day's rows.
    protected override async Task<IReadOnlyList<LateArrivals>> CountArrivedLateCoreAsync(long screenedBeforeUtcTicks, long arrivedAfterUtcTicks, long arrivedUpToUtcTicks, IReadOnlyCollection<byte> kinds, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync();
        await using var command = _dataSource.CreateCommand("""
            SELECT site_id, kind, COUNT(*) FROM site_events
            WHERE acked_at > $1 AND acked_at <= $2 AND screened_at < $3 AND kind = ANY($4)
            GROUP BY site_id, kind
            """);
        command.Parameters.AddWithValue(arrivedAfterUtcTicks);
        command.Parameters.AddWithValue(arrivedUpToUtcTicks);
        command.Parameters.AddWithValue(screenedBeforeUtcTicks);
        command.Parameters.AddWithValue(kinds.Select(k => (short)k).ToArray());
        var counts = new List<LateArrivals>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add(new LateArrivals(reader.GetString(0), (byte)reader.GetInt16(1), reader.GetInt64(2)));
        }

        return counts;
    }

    public override async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        await using var command = _dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }

    protected override async Task WriteAsync(IReadOnlyList<PendingWrite> batch, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (batch.Any(w => w.Records.Count > 0))
        {
            await using var copy = await connection.BeginBinaryImportAsync(
                "COPY site_events (site_id, seq, report_id, household, screened_at, outcome, residents, screener_id, kind, detail, acked_at, submitted_by) FROM STDIN (FORMAT BINARY)",
                cancellationToken);
            foreach (var write in batch)
            {
                foreach (var record in write.Records)
                {
                    await copy.StartRowAsync(cancellationToken);
                    await copy.WriteAsync(write.SiteId, NpgsqlDbType.Text, cancellationToken);
                    await copy.WriteAsync(record.Sequence, NpgsqlDbType.Bigint, cancellationToken);
                    await copy.WriteAsync(record.ReportId, NpgsqlDbType.Text, cancellationToken);
                    await copy.WriteAsync(record.Household, NpgsqlDbType.Integer, cancellationToken);
                    await copy.WriteAsync(record.ScreenedAtUtcTicks, NpgsqlDbType.Bigint, cancellationToken);
                    await copy.WriteAsync((short)record.Outcome, NpgsqlDbType.Smallint, cancellationToken);
                    await copy.WriteAsync(record.Residents, NpgsqlDbType.Bigint, cancellationToken);
                    await copy.WriteAsync(record.ScreenerId, NpgsqlDbType.Text, cancellationToken);
                    await copy.WriteAsync((short)record.Kind, NpgsqlDbType.Smallint, cancellationToken);
                    if (record.Detail is null)
                    {
                        await copy.WriteNullAsync(cancellationToken);
                    }
                    else
                    {
                        await copy.WriteAsync(record.Detail, NpgsqlDbType.Text, cancellationToken);
                    }

                    await copy.WriteAsync(record.AcknowledgedAtUtcTicks, NpgsqlDbType.Bigint, cancellationToken);
                    if (record.SubmittedBy is null)
                    {
                        await copy.WriteNullAsync(cancellationToken);
                    }
                    else
                    {
                        await copy.WriteAsync(record.SubmittedBy, NpgsqlDbType.Text, cancellationToken);
                    }
                }
            }

            await copy.CompleteAsync(cancellationToken);
        }

        foreach (var write in batch.Where(w => w.Snapshot is not null))
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO site_snapshots (site_id, seq, data) VALUES ($1, $2, $3)
                ON CONFLICT (site_id) DO UPDATE SET seq = excluded.seq, data = excluded.data WHERE excluded.seq > site_snapshots.seq
                """, connection, transaction);
            command.Parameters.AddWithValue(write.SiteId);
            command.Parameters.AddWithValue(write.SnapshotSequence);
            command.Parameters.AddWithValue(write.Snapshot!);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    protected override bool IsConflict(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
