using Canvass.Storage.Memory;
using Canvass.Storage.PostgreSql;
using Canvass.Storage.Revocations;
using Canvass.Storage.Sqlite;
using Npgsql;

namespace Canvass.Storage.Tests.Security;

/// <summary>What every revocation store promises, run against each real backend: kept in order, across a reopen.</summary>
public abstract class RevocationContractTests
{
    /// <summary>Opens the backend on the same store each time, as a restarted process would.</summary>
    protected abstract IRevocationStore Open();

    [Fact]
    public async Task Revocations_come_back_in_the_order_added_with_every_field_after_a_reopen()
    {
        var at = new DateTimeOffset(2020, 2, 3, 4, 5, 6, TimeSpan.Zero).AddTicks(7);
        StoredRevocation[] added =
        [
            new("3f2b8c1e9d4a4e6b8f0c2a7d5e1b9c04", null, "4403", at, "admin-4403"),
            new(null, "wall-futian", "440304", at.AddSeconds(1), "admin-440304"),
            new(null, "wall-futian", "4403", at.AddSeconds(2), "admin-4403"),
        ];
        var store = Open();
        Assert.Empty(await store.ListAsync());

        foreach (var revocation in added)
        {
            await store.AddAsync(revocation);
        }

        Assert.Equal(added, await store.ListAsync());
        Assert.Equal(added, await Open().ListAsync());
    }
}

public sealed class SqliteRevocationTests : RevocationContractTests, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("canvass-sqlite-");

    protected override IRevocationStore Open() => SqliteRevocationStore.Open(Path.Combine(_folder.FullName, "canvass.db"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}

public sealed class PostgreSqlRevocationTests : RevocationContractTests, IAsyncLifetime
{
    // A schema of its own per test class instance, so that the first open is a real first start.
    private readonly string _schema = "revocations_test_" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<PostgreSqlRevocationStore> _opened = [];
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

    protected override IRevocationStore Open()
    {
        var store = new PostgreSqlRevocationStore(_connectionString);
        _opened.Add(store);
        return store;
    }
}

public sealed class MemoryRevocationTests : RevocationContractTests
{
    private readonly MemoryRevocationStore _store = new();

    protected override IRevocationStore Open() => _store;
}
