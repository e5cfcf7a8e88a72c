using Npgsql;

namespace Canvass.Storage.Settings;

/// <summary>Deployment settings in the journal's PostgreSQL database, table <c>deployment_settings</c>.</summary>
public sealed class PostgreSqlDeploymentSettings : IDeploymentSettings, IAsyncDisposable
{
    private const long MigrationLock = 0x43414E5641535300; // "CANVASS\0", as the journal's

    private readonly NpgsqlDataSource _dataSource;
    private readonly Lock _schemaLock = new();
    private Task? _schema;

    /// <summary>Creates the store without touching the server; the first operation creates the table.</summary>
    public PostgreSqlDeploymentSettings(string connectionString)
    {
        // Read at start and seldom after: two connections are plenty.
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.MaxPoolSize = Math.Min(builder.MaxPoolSize, 2);
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public async Task<string> GetOrAddAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync(cancellationToken);
        // Of silos inserting at once, the primary key keeps the first: the others' inserts wait for its commit and
        // skip, and the read after (a new snapshot) sees the winner's row, which one statement alone would not.
        await using var insert = _dataSource.CreateCommand("""
            INSERT INTO deployment_settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING
            """);
        insert.Parameters.AddWithValue(name);
        insert.Parameters.AddWithValue(value);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return await GetAsync(name, cancellationToken)
            ?? throw new InvalidOperationException($"Setting '{name}' was neither stored nor found.");
    }

    public async Task SetAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO deployment_settings (name, value) VALUES ($1, $2)
            ON CONFLICT (name) DO UPDATE SET value = excluded.value, set_at = now()
            """);
        command.Parameters.AddWithValue(name);
        command.Parameters.AddWithValue(value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<string?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand("SELECT value FROM deployment_settings WHERE name = $1");
        command.Parameters.AddWithValue(name);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
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

        await using (var command = new NpgsqlCommand(
            "CREATE TABLE IF NOT EXISTS deployment_settings (name text PRIMARY KEY, value text NOT NULL, set_at timestamptz NOT NULL DEFAULT now())",
            connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
