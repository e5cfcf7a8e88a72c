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

    protected IUnitHistoryStore Store => _store;

    /// <summary>Closes the store, does <paramref name="meanwhile"/> to its database, and opens it again (which migrates).</summary>
    protected async Task ReopenAsync(Func<Task> meanwhile)
    {
        await DisposeAsync();
        await meanwhile();
        _store = await OpenAsync();
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
    public async Task The_same_new_site_row_written_twice_at_once_reaches_its_ancestors_once()
    {
        // Two silos writing a site's new row at the same time (a site moving between them): neither may read the
        // other's row as absent and add it whole to the ancestors again.
        const int minutes = 30;
        for (var minute = 1; minute <= minutes; minute++)
        {
            await Task.WhenAll(
                Task.Run(() => _store.WriteScreeningAsync([Write(_site, minute, screened: 1, lastAt: minute)])),
                Task.Run(() => _store.WriteScreeningAsync([Write(_site, minute, screened: 1, lastAt: minute)])));
        }

        var (_, rows) = await _store.ScreeningAsync(_community, Base, Base.AddMinutes(minutes));
        Assert.Equal(Enumerable.Repeat(1L, minutes), rows.Select(r => r.Values[ScreeningValues.Screened]));
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

    [Fact]
    public async Task Checkpoint_figures_are_differences_like_the_households_and_a_late_one_revises_its_bucket_at_every_ancestor()
    {
        // Minute 1: the site closed with 30 checks, the other site closed and unstaffed; minute 3: the site open, its
        // checks out of the last hour.
        await _store.WriteScreeningAsync([
            Write(_site, 1, closed: 1, checks: 30, screened: 1, lastAt: 10), Write(_other, 1, closed: 1, unstaffed: 1),
            Write(_site, 3, closed: -1, checks: -30)]);
        // A late report: the site was unstaffed at minute 1 too.
        await _store.WriteScreeningAsync([Write(_site, 1, closed: 1, unstaffed: 1, checks: 30, screened: 1, lastAt: 10)]);

        var (before, rows) = await _store.ScreeningAsync(_community, Base.AddMinutes(1), Base.AddMinutes(5));

        Assert.Equal((2L, 2L, 30L, 1L), (before![ScreeningValues.Closed], before[ScreeningValues.Unstaffed], before[ScreeningValues.TemperatureChecks], before[ScreeningValues.Screened]));
        var row = Assert.Single(rows).Values;
        Assert.Equal((-1L, 0L, -30L, 0L), (row[ScreeningValues.Closed], row[ScreeningValues.Unstaffed], row[ScreeningValues.TemperatureChecks], row[ScreeningValues.LastAt]));
        var site = await _store.ScreeningAsync(_site, Base.AddMinutes(3), Base.AddMinutes(3));
        Assert.Equal((0L, 1L, 0L), (site.Before![ScreeningValues.Closed], site.Before[ScreeningValues.Unstaffed], site.Before[ScreeningValues.TemperatureChecks]));
    }

    private ScreeningWrite Write(string site, int minute, long screened = 0, long absent = 0, long lastAt = 0, long closed = 0, long unstaffed = 0, long checks = 0)
    {
        var values = new long[ScreeningValues.Count];
        values[ScreeningValues.Screened] = screened;
        values[ScreeningValues.Absent] = absent;
        values[ScreeningValues.LastAt] = lastAt;
        values[ScreeningValues.Closed] = closed;
        values[ScreeningValues.Unstaffed] = unstaffed;
        values[ScreeningValues.TemperatureChecks] = checks;
        return new ScreeningWrite(new ScreeningRow(site, Base.AddMinutes(minute), values), [_community]);
    }
}

/// <summary>What the SQL backends promise besides: rows of the layout before the checkpoint figures migrate.</summary>
public abstract class SqlScreeningRowsContractTests : ScreeningRowsContractTests
{
    /// <summary>Runs statements on the store's database, outside the store.</summary>
    protected abstract Task ExecuteAsync(string sql);

    [Fact]
    public async Task A_row_written_before_the_checkpoint_figures_reads_with_none_and_takes_them_after_the_migration()
    {
        var (unit, at) = ("s" + Guid.NewGuid().ToString("N")[..8], new DateTimeOffset(2020, 2, 1, 0, 1, 0, TimeSpan.Zero));
        // The layout of the history's migration 2, with one row written in it.
        await ReopenAsync(() => ExecuteAsync($"""
            ALTER TABLE unit_screening DROP COLUMN closed;
            ALTER TABLE unit_screening DROP COLUMN unstaffed;
            ALTER TABLE unit_screening DROP COLUMN temperature_checks;
            DELETE FROM unit_history_migrations WHERE version = 3;
            INSERT INTO unit_screening (unit_id, at, screened, absent, refused, r0, r1, r2, r3, r4, r5, r6, last_at)
                VALUES ('{unit}', {at.UtcTicks}, 4, 1, 0, 7, 0, 0, 0, 0, 0, 0, 10);
            """));

        var old = (await Store.ScreeningAsync(unit, at, at)).Before!;
        var values = (long[])old.Clone();
        values[ScreeningValues.Closed] = 1;
        await Store.WriteScreeningAsync([new ScreeningWrite(new ScreeningRow(unit, at, values), [])]);
        var now = (await Store.ScreeningAsync(unit, at, at)).Before!;

        Assert.Equal((4L, 1L, 7L, 10L, 0L, 0L, 0L), (old[ScreeningValues.Screened], old[ScreeningValues.Absent], old[ScreeningValues.Residents],
            old[ScreeningValues.LastAt], old[ScreeningValues.Closed], old[ScreeningValues.Unstaffed], old[ScreeningValues.TemperatureChecks]));
        Assert.Equal((4L, 1L), (now[ScreeningValues.Screened], now[ScreeningValues.Closed]));
    }
}

public sealed class SqliteScreeningRowsTests : SqlScreeningRowsContractTests, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("canvass-sqlite-");

    private string DatabasePath => Path.Combine(_folder.FullName, "canvass.db");

    protected override Task<IUnitHistoryStore> OpenAsync() => Task.FromResult<IUnitHistoryStore>(
        Sqlite.SqliteHistoryStore.Open(DatabasePath, TimeSpan.FromHours(48)));

    protected override async Task ExecuteAsync(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}

public sealed class PostgreSqlScreeningRowsTests : SqlScreeningRowsContractTests
{
    private readonly string _schema = "screening_test_" + Guid.NewGuid().ToString("N")[..12];

    protected override async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestServers.PostgreSql) { SearchPath = _schema }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

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
