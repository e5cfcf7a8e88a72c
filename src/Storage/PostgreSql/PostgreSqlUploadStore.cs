using Canvass.Storage.Uploads;
using Npgsql;

namespace Canvass.Storage.PostgreSql;

/// <summary>
/// Upload receipts in the journal's PostgreSQL database, tables <c>uploads</c> and <c>upload_units</c>, and the teams'
/// latest uploads, table <c>upload_teams</c>.
/// </summary>
public sealed class PostgreSqlUploadStore : IUploadStore, IAsyncDisposable
{
    private const long MigrationLock = 0x43414E5641535300; // "CANVASS\0", as the journal's

    private readonly NpgsqlDataSource _dataSource;
    private readonly Lock _schemaLock = new();
    private Task? _schema;

    /// <summary>Creates the store without touching the server; the first operation creates the tables.</summary>
    public PostgreSqlUploadStore(string connectionString)
    {
        // One write per posted batch (the sites' journal writes are the heavy ones) and the lists' reads.
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.MaxPoolSize = Math.Min(builder.MaxPoolSize, 8);
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public async Task AddAsync(StoredUpload upload, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("INSERT INTO uploads (id, received_at, subject, document) VALUES ($1, $2, $3, $4)", connection, transaction))
        {
            command.Parameters.AddWithValue(upload.Id);
            command.Parameters.AddWithValue(upload.ReceivedAt.UtcTicks);
            command.Parameters.AddWithValue((object?)upload.Subject ?? DBNull.Value);
            command.Parameters.AddWithValue(upload.Document);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // Every index row in one statement: a batch of random sites touches a thousand units or more.
        await using (var command = new NpgsqlCommand("""
            INSERT INTO upload_units (unit_id, received_at, upload_id) SELECT DISTINCT u, $2, $3 FROM unnest($1::text[]) AS u
            """, connection, transaction))
        {
            command.Parameters.AddWithValue(upload.Units.ToArray());
            command.Parameters.AddWithValue(upload.ReceivedAt.UtcTicks);
            command.Parameters.AddWithValue(upload.Id);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (upload is { TeamSiteId: { } site, Subject: { } subject })
        {
            // The mark of silence stays until the sweep has cleared what it stands for.
            await using var command = new NpgsqlCommand("""
                INSERT INTO upload_teams (subject, received_at, site_id) VALUES ($1, $2, $3)
                ON CONFLICT (subject) DO UPDATE SET received_at = excluded.received_at, site_id = excluded.site_id
                WHERE excluded.received_at > upload_teams.received_at
                """, connection, transaction);
            command.Parameters.AddWithValue(subject);
            command.Parameters.AddWithValue(upload.ReceivedAt.UtcTicks);
            command.Parameters.AddWithValue(site);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<StoredUpload?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand("SELECT id, received_at, subject, document FROM uploads WHERE id = $1");
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<StoredUpload>> ListAsync(string unitId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand("""
            SELECT u.id, u.received_at, u.subject, u.document FROM upload_units x JOIN uploads u ON u.id = x.upload_id
            WHERE x.unit_id = $1 AND x.received_at >= $2 AND x.received_at <= $3
            ORDER BY x.received_at DESC, x.upload_id DESC LIMIT $4
            """);
        command.Parameters.AddWithValue(unitId);
        command.Parameters.AddWithValue(from.UtcTicks);
        command.Parameters.AddWithValue(to.UtcTicks);
        command.Parameters.AddWithValue(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<StoredUpload>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(Read(reader));
        }

        return list;
    }

    public async Task<IReadOnlyList<TeamUpload>> ListTeamsAsync(DateTimeOffset from, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand("SELECT subject, received_at, site_id, silent_site, silent_since FROM upload_teams WHERE received_at >= $1");
        command.Parameters.AddWithValue(from.UtcTicks);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<TeamUpload>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new TeamUpload(reader.GetString(0), At(reader.GetInt64(1)), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : At(reader.GetInt64(4))));
        }

        return list;
    }

    public Task<bool> MarkSilentAsync(string subject, DateTimeOffset since, CancellationToken cancellationToken = default) =>
        UpdateAsync("""
            UPDATE upload_teams SET silent_site = site_id, silent_since = received_at
            WHERE subject = $1 AND received_at = $2 AND silent_since IS NULL
            """, subject, since, cancellationToken);

    public Task<bool> UnmarkSilentAsync(string subject, DateTimeOffset since, CancellationToken cancellationToken = default) =>
        UpdateAsync("UPDATE upload_teams SET silent_site = NULL, silent_since = NULL WHERE subject = $1 AND silent_since = $2", subject, since, cancellationToken);

    private async Task<bool> UpdateAsync(string sql, string subject, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(subject);
        command.Parameters.AddWithValue(since.UtcTicks);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static DateTimeOffset At(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    private static StoredUpload Read(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        [],
        reader.GetString(3));

    private Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        lock (_schemaLock)
        {
            // A failed attempt (server not up yet) is tried again by the next operation.
            if (_schema is null || _schema.IsFaulted || _schema.IsCanceled)
            {
                _schema = CreateTablesAsync(cancellationToken);
            }

            return _schema;
        }
    }

    private async Task CreateTablesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Under the migrations' advisory lock: two silos creating the tables at once would otherwise collide in the
        // catalog even with IF NOT EXISTS.
        await using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({MigrationLock})", connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand("""
            CREATE TABLE IF NOT EXISTS uploads (id text PRIMARY KEY, received_at bigint NOT NULL, subject text, document text NOT NULL);
            CREATE TABLE IF NOT EXISTS upload_units (
                unit_id text NOT NULL, received_at bigint NOT NULL, upload_id text NOT NULL, PRIMARY KEY (unit_id, received_at, upload_id));
            CREATE TABLE IF NOT EXISTS upload_teams (
                subject text PRIMARY KEY, received_at bigint NOT NULL, site_id text NOT NULL, silent_site text, silent_since bigint);
            CREATE INDEX IF NOT EXISTS upload_teams_received ON upload_teams (received_at);
            """, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
