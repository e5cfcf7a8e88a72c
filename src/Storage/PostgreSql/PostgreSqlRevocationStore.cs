using Canvass.Storage.Revocations;
using Npgsql;

namespace Canvass.Storage.PostgreSql;

/// <summary>Revocations in the journal's PostgreSQL database, table <c>token_revocations</c>.</summary>
public sealed class PostgreSqlRevocationStore : IRevocationStore, IAsyncDisposable
{
    private const long MigrationLock = 0x43414E5641535300; // "CANVASS\0", as the journal's

    private readonly NpgsqlDataSource _dataSource;
    private readonly Lock _schemaLock = new();
    private Task? _schema;

    /// <summary>Creates the store without touching the server; the first operation creates the table.</summary>
    public PostgreSqlRevocationStore(string connectionString)
    {
        // A few writes a day and a read per activation of the revocation grain: two connections are plenty.
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.MaxPoolSize = Math.Min(builder.MaxPoolSize, 2);
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public async Task AddAsync(StoredRevocation revocation, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand(
            "INSERT INTO token_revocations (token_id, subject, unit, revoked_at, revoked_by) VALUES ($1, $2, $3, $4, $5)");
        command.Parameters.AddWithValue((object?)revocation.TokenId ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)revocation.Subject ?? DBNull.Value);
        command.Parameters.AddWithValue(revocation.Unit);
        command.Parameters.AddWithValue(revocation.RevokedAt.UtcTicks);
        command.Parameters.AddWithValue(revocation.By);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoredRevocation>> ListAsync(CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand("SELECT token_id, subject, unit, revoked_at, revoked_by FROM token_revocations ORDER BY seq");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<StoredRevocation>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new StoredRevocation(
                reader.IsDBNull(0) ? null : reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetString(2),
                new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero),
                reader.GetString(4)));
        }

        return list;
    }

    private Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        lock (_schemaLock)
        {
            // A failed attempt (server not up yet) is tried again by the next operation.
            if (_schema is null || _schema.IsFaulted || _schema.IsCanceled)
            {
                _schema = CreateTableAsync(cancellationToken);
            }

            return _schema;
        }
    }

    private async Task CreateTableAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Under the migrations' advisory lock: two silos creating the table at once would otherwise collide in the
        // catalog even with IF NOT EXISTS.
        await using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({MigrationLock})", connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand("""
            CREATE TABLE IF NOT EXISTS token_revocations (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, token_id text, subject text, unit text NOT NULL,
                revoked_at bigint NOT NULL, revoked_by text NOT NULL)
            """, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
