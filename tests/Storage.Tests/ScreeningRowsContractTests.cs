using Canvass.Storage.History;
using Npgsql;

namespace Canvass.Storage.Tests;

/// <summary>What every history backend promises of the screening-time rows, run against each real backend.</summary>
public abstract class ScreeningRowsContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Base = new(2020, 2, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _site = "440304005001-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _other = "440304005001-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _community = "c" + Guid.NewGuid().ToString("N")[..8];
    private IUnitHistoryStore _store = null!;

    protected abstract Task<IUnitHistoryStore> OpenAsync();

    public async Task InitializeAsync() => _store = await OpenAsync();

    public async Task DisposeAsync()
    {
        if (_store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_site_row_written_again_changes_nothing_and_its_ancestors_take_only_the_difference()
    {
        await _store.WriteScreeningAsync([Write(_site, 1, screened: 2, lastAt: 10), Write(_other, 1, screened: 1, lastAt: 20)]);
        // Rewritten as the site holds it (a repair after a lost write): no change.
        await _store.WriteScreeningAsync([Write(_site, 1, screened: 2, lastAt: 10)]);
        // Revised: one more screened, one absent.
        await _store.WriteScreeningAsync([Write(_site, 1, screened: 3, absent: 1, lastAt: 30), Write(_site, 2, screened: -1, lastAt: 40)]);

        var (before, rows) = await _store.ScreeningAsync(_community, Base, Base.AddMinutes(5));
        Assert.Null(before);
        Assert.Equal([Base.AddMinutes(1), Base.AddMinutes(2)], rows.Select(r => r.At));
        Assert.Equal((4L, 1L, 30L), (rows[0].Values[ScreeningValues.Screened], rows[0].Values[ScreeningValues.Absent], rows[0].Values[ScreeningValues.LastAt]));
        Assert.Equal(-1, rows[1].Values[ScreeningValues.Screened]);
        var site = await _store.ScreeningAsync(_site, Base.AddMinutes(1), Base.AddMinutes(5));
        Assert.Equal(3, site.Before![ScreeningValues.Screened]);
        Assert.Single(site.Rows);
    }

    [Fact]
    public async Task The_figures_before_a_range_are_the_sum_of_the_rows_up_to_its_start_with_the_newest_time()
    {
        await _store.WriteScreeningAsync([Write(_site, 1, screened: 2, lastAt: 10), Write(_site, 2, screened: 1, lastAt: 20), Write(_site, 3, screened: 5, lastAt: 5)]);

        var (before, rows) = await _store.ScreeningAsync(_community, Base.AddMinutes(2), Base.AddMinutes(3));

        Assert.Equal((3L, 20L), (before![ScreeningValues.Screened], before[ScreeningValues.LastAt]));
        Assert.Equal(5, Assert.Single(rows).Values[ScreeningValues.Screened]);
        Assert.Equal(0, before[ScreeningValues.Residents]);
    }

    [Fact]
    public async Task Rows_survive_a_restart_of_the_store()
    {
        await _store.WriteScreeningAsync([Write(_site, 1, screened: 2, lastAt: 10)]);
        await DisposeAsync();

        _store = await OpenAsync();

        Assert.Equal(2, (await _store.ScreeningAsync(_community, Base.AddMinutes(1), Base.AddMinutes(1))).Before![ScreeningValues.Screened]);
    }

    private ScreeningWrite Write(string site, int minute, long screened = 0, long absent = 0, long lastAt = 0)
    {
        var values = new long[ScreeningValues.Count];
        values[ScreeningValues.Screened] = screened;
        values[ScreeningValues.Absent] = absent;
        values[ScreeningValues.LastAt] = lastAt;
        return new ScreeningWrite(new ScreeningRow(site, Base.AddMinutes(minute), values), [_community]);
    }
}

public sealed class SqliteScreeningRowsTests : ScreeningRowsContractTests, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("canvass-sqlite-");

    protected override Task<IUnitHistoryStore> OpenAsync() => Task.FromResult<IUnitHistoryStore>(
        Sqlite.SqliteHistoryStore.Open(Path.Combine(_folder.FullName, "canvass.db"), TimeSpan.FromHours(48)));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}

public sealed class PostgreSqlScreeningRowsTests : ScreeningRowsContractTests
{
    private readonly string _schema = "screening_test_" + Guid.NewGuid().ToString("N")[..12];

    protected override async Task<IUnitHistoryStore> OpenAsync()
    {
        await using (var connection = new NpgsqlConnection(TestServers.PostgreSql))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {_schema}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(TestServers.PostgreSql) { SearchPath = _schema }.ConnectionString;
        return await PostgreSql.PostgreSqlHistoryStore.OpenAsync(connectionString, TimeSpan.FromHours(48));
    }
}

public sealed class MemoryScreeningRowsTests : ScreeningRowsContractTests
{
    private readonly Memory.MemoryHistoryStore _store = new(TimeSpan.FromHours(48));

    protected override Task<IUnitHistoryStore> OpenAsync() => Task.FromResult<IUnitHistoryStore>(_store);
}
