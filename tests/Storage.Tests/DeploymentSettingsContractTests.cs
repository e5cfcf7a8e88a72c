using Canvass.Storage.Settings;
using Npgsql;

namespace Canvass.Storage.Tests;

/// <summary>What every deployment-settings store promises, run against each real backend.</summary>
public abstract class DeploymentSettingsContractTests
{
    private readonly string _name = "setting-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Opens the backend on the same store each time, as another process (or a restarted one) would.</summary>
    protected abstract IDeploymentSettings Open();

    [Fact]
    public async Task The_first_value_stored_is_the_one_every_later_caller_gets_back()
    {
        var first = Open();
        Assert.Null(await first.GetAsync(_name));

        Assert.Equal("2020-02-03T00:00:00.0000000+00:00", await first.GetOrAddAsync(_name, "2020-02-03T00:00:00.0000000+00:00"));
        Assert.Equal("2020-02-03T00:00:00.0000000+00:00", await first.GetOrAddAsync(_name, "2020-02-04T00:00:00.0000000+00:00"));

        var restarted = Open();
        Assert.Equal("2020-02-03T00:00:00.0000000+00:00", await restarted.GetOrAddAsync(_name, "2020-02-05T00:00:00.0000000+00:00"));
        Assert.Equal("2020-02-03T00:00:00.0000000+00:00", await restarted.GetAsync(_name));
    }

    [Fact]
    public async Task Processes_starting_at_once_all_get_the_same_one_of_their_values()
    {
        var stores = Enumerable.Range(0, 8).Select(_ => Open()).ToArray();

        var got = await Task.WhenAll(stores.Select((store, i) => Task.Run(() => store.GetOrAddAsync(_name, $"value-{i}"))));

        var winner = Assert.Single(got.Distinct());
        Assert.Matches("^value-[0-7]$", winner);
        Assert.Equal(winner, await Open().GetAsync(_name));
    }

    [Fact]
    public async Task Setting_a_value_replaces_the_stored_one_for_everyone_after()
    {
        var store = Open();
        await store.GetOrAddAsync(_name, "stored");

        await store.SetAsync(_name, "configured");

        Assert.Equal("configured", await Open().GetOrAddAsync(_name, "another"));
        Assert.Null(await store.GetAsync(_name + "-other"));
    }
}

public sealed class SqliteDeploymentSettingsTests : DeploymentSettingsContractTests, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("canvass-sqlite-");

    protected override IDeploymentSettings Open() => SqliteDeploymentSettings.Open(Path.Combine(_folder.FullName, "canvass.db"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task Settings_share_the_journals_file()
    {
        var path = Path.Combine(_folder.FullName, "shared.db");
        await using var journal = Sqlite.SqliteJournal.Open(path, maxRecordsPerCommit: 50_000);
        var settings = SqliteDeploymentSettings.Open(path);

        await journal.AppendAsync("site-1", [new JournalRecord(1, "r-1", 1, 637_000_000_000_000_000, 1, 0, "w")]);
        await settings.GetOrAddAsync("screening-start", "x");

        Assert.Single((await journal.LoadAsync("site-1")).Records);
        Assert.Equal("x", await SqliteDeploymentSettings.Open(path).GetAsync("screening-start"));
    }
}

public sealed class PostgreSqlDeploymentSettingsTests : DeploymentSettingsContractTests, IAsyncLifetime
{
    // A schema of its own per test class instance, so that the first start of each test is a real first start.
    private readonly string _schema = "settings_test_" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<PostgreSqlDeploymentSettings> _opened = [];
    private string _connectionString = null!;

    public async Task InitializeAsync()
    {
        await using (var connection = new NpgsqlConnection(TestServers.PostgreSql))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {_schema}", connection);
            await command.ExecuteNonQueryAsync();
        }

        _connectionString = new NpgsqlConnectionStringBuilder(TestServers.PostgreSql) { SearchPath = _schema }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }
    }

    protected override IDeploymentSettings Open()
    {
        var store = new PostgreSqlDeploymentSettings(_connectionString);
        _opened.Add(store);
        return store;
    }
}

public sealed class MemoryDeploymentSettingsTests : DeploymentSettingsContractTests
{
    private readonly MemoryDeploymentSettings _store = new();

    protected override IDeploymentSettings Open() => _store;
}
