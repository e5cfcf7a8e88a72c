using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Settings;

/// <summary>
/// Deployment settings in the journal's SQLite file, table <c>deployment_settings</c>. A few reads and writes at
/// start, so each opens a pooled connection of its own; synchronous=FULL, as the journal's, so that a value once
/// returned is the one a restart after a power loss reads too.
/// </summary>
public sealed class SqliteDeploymentSettings : IDeploymentSettings
{
    private readonly string _connectionString;

    private SqliteDeploymentSettings(string connectionString) => _connectionString = connectionString;

    public static SqliteDeploymentSettings Open(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var settings = new SqliteDeploymentSettings(new SqliteConnectionStringBuilder { DataSource = full, Pooling = true }.ToString());
        using var connection = settings.Connect();
        using var command = connection.CreateCommand();
        // One table that only ever gains rows: IF NOT EXISTS is its whole migration.
        command.CommandText = "CREATE TABLE IF NOT EXISTS deployment_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL, set_at TEXT NOT NULL)";
        command.ExecuteNonQuery();
        return settings;
    }

    public Task<string> GetOrAddAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        // One statement: the insert that loses to an earlier one changes nothing, and the read sees the winner.
        command.CommandText = """
            INSERT INTO deployment_settings (name, value, set_at) VALUES ($name, $value, datetime('now')) ON CONFLICT (name) DO NOTHING;
            SELECT value FROM deployment_settings WHERE name = $name;
            """;
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$value", value);
        return Task.FromResult((string)command.ExecuteScalar()!);
    }

    public Task SetAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO deployment_settings (name, value, set_at) VALUES ($name, $value, datetime('now'))
            ON CONFLICT (name) DO UPDATE SET value = excluded.value, set_at = excluded.set_at
            """;
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task<string?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM deployment_settings WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        return Task.FromResult(command.ExecuteScalar() as string);
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
