using Canvass.Storage.History;
using Npgsql;

namespace Canvass.Storage.Tests;

/// <summary>What every unit history backend promises, run against each real backend.</summary>
public abstract class HistoryContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Base = new(2020, 2, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _unit = "440304005001-" + Guid.NewGuid().ToString("N")[..8];
    private IUnitHistoryStore _store = null!;

    /// <summary>Opens the backend on the same store each time, as a restarted process would; 48 h of fine retention.</summary>
    protected abstract Task<IUnitHistoryStore> OpenAsync();

    public async Task InitializeAsync() => _store = await OpenAsync();

    public async Task DisposeAsync() => await CloseAsync(_store);

    [Fact]
    public async Task A_range_comes_back_oldest_first_with_both_ends_and_every_field()
    {
        var points = Minutes(_unit, 1, 10);
        await _store.AppendAsync(points[5..]);
        await _store.AppendAsync(points[..5]);
        await _store.AppendAsync([new HistoryPoint(_unit + "-other", Base.AddMinutes(3), "{}")]);

        var range = await _store.RangeAsync(_unit, Base.AddMinutes(3), Base.AddMinutes(7), limit: 100);

        Assert.Equal(points[2..7], range);
        Assert.All(range, p => Assert.Equal(TimeSpan.Zero, p.At.Offset));
        Assert.Equal(points[..4], await _store.RangeAsync(_unit, Base, Base.AddHours(1), limit: 4));
        Assert.Empty(await _store.RangeAsync(_unit, Base.AddMinutes(11), Base.AddHours(1), limit: 100));
    }

    [Fact]
    public async Task As_of_an_instant_is_the_latest_point_at_or_before_it()
    {
        var points = Minutes(_unit, 1, 3);
        await _store.AppendAsync(points);

        Assert.Equal(points[1], await _store.AsOfAsync(_unit, Base.AddMinutes(2)));
        Assert.Equal(points[1], await _store.AsOfAsync(_unit, Base.AddMinutes(2.5)));
        // The same instant in another offset is the same instant.
        Assert.Equal(points[2], await _store.AsOfAsync(_unit, Base.AddMinutes(3).ToOffset(TimeSpan.FromHours(8))));
        Assert.Equal(points[2], await _store.AsOfAsync(_unit, Base.AddDays(30)));
        Assert.Null(await _store.AsOfAsync(_unit, Base.AddSeconds(59)));
        Assert.Null(await _store.AsOfAsync(_unit + "-never", Base.AddDays(30)));
    }

    [Fact]
    public async Task Points_survive_a_restart_of_the_store()
    {
        await _store.AppendAsync(Minutes(_unit, 1, 2));
        await CloseAsync(_store);

        _store = await OpenAsync();

        Assert.Equal(2, (await _store.RangeAsync(_unit, Base, Base.AddHours(1), 100)).Count);
    }

    [Fact]
    public async Task An_append_with_a_point_the_store_refuses_writes_none_of_its_points()
    {
        var points = Minutes(_unit, 1, 3);
        points[2] = points[2] with { Summary = null! };

        await Assert.ThrowsAnyAsync<Exception>(() => _store.AppendAsync(points));

        Assert.Empty(await _store.RangeAsync(_unit, Base, Base.AddHours(1), 100));
    }

    [Fact]
    public async Task Compaction_keeps_every_recent_point_and_the_last_of_each_older_hour()
    {
        var other = _unit + "-b";
        // Three hours of minute points, 00:01 to 03:00, and a second unit with two points in the first hour.
        await _store.AppendAsync(Minutes(_unit, 1, 180));
        await _store.AppendAsync([new HistoryPoint(other, Base.AddMinutes(10), "b1"), new HistoryPoint(other, Base.AddMinutes(20), "b2")]);
        var now = Base.AddHours(3 + 48).AddMinutes(30);
        var recent = Enumerable.Range(0, 5).Select(i => new HistoryPoint(_unit, now.AddMinutes(-10 + i), $"recent-{i}")).ToArray();
        await _store.AppendAsync(recent);

        var removed = await _store.CompactAsync(now);

        // A point on the hour closes the hour before it, so the hourly points fall on 01:00, 02:00 and 03:00.
        var kept = await _store.RangeAsync(_unit, Base, now, 1000);
        Assert.Equal([Base.AddHours(1), Base.AddHours(2), Base.AddHours(3), .. recent.Select(p => p.At)], kept.Select(p => p.At));
        Assert.Equal(["m60", "m120", "m180"], kept.Take(3).Select(p => p.Summary));
        Assert.Equal(["b2"], (await _store.RangeAsync(other, Base, now, 10)).Select(p => p.Summary));
        Assert.Equal(177 + 1, removed);
        Assert.Equal(0, await _store.CompactAsync(now));
        Assert.Equal(recent[^1], await _store.AsOfAsync(_unit, now));
        Assert.Equal("m120", (await _store.AsOfAsync(_unit, Base.AddHours(2).AddMinutes(59)))!.Summary);
    }

    [Fact]
    public async Task A_later_compaction_thins_the_hours_that_have_aged_since_and_ties_keep_the_last_written()
    {
        await _store.AppendAsync(Minutes(_unit, 1, 60));
        await _store.CompactAsync(Base.AddHours(49));
        // Points of the next hour, with two written for the same instant at its end (a restart can do that).
        await _store.AppendAsync(
        [
            new HistoryPoint(_unit, Base.AddMinutes(70), "a"),
            new HistoryPoint(_unit, Base.AddMinutes(120), "b"),
            new HistoryPoint(_unit, Base.AddMinutes(120), "c"),
        ]);

        Assert.Equal(0, await _store.CompactAsync(Base.AddHours(49).AddMinutes(59)));
        Assert.Equal(2, await _store.CompactAsync(Base.AddHours(50)));

        Assert.Equal(["m60", "c"], (await _store.RangeAsync(_unit, Base, Base.AddHours(3), 100)).Select(p => p.Summary));
    }

    [Fact]
    public async Task The_store_answers_a_ping() => await _store.PingAsync();

    /// <summary>Points at Base + from … to minutes, each summary naming its minute.</summary>
    private static HistoryPoint[] Minutes(string unit, int from, int to) => Enumerable.Range(from, to - from + 1)
        .Select(m => new HistoryPoint(unit, Base.AddMinutes(m), $"m{m}"))
        .ToArray();

    private static async Task CloseAsync(IUnitHistoryStore store)
    {
        if (store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}

public sealed class SqliteHistoryTests : HistoryContractTests, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("canvass-sqlite-");

    protected override Task<IUnitHistoryStore> OpenAsync() => Task.FromResult<IUnitHistoryStore>(
        Sqlite.SqliteHistoryStore.Open(Path.Combine(_folder.FullName, "canvass.db"), TimeSpan.FromHours(48)));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task History_and_the_journal_share_one_file_and_both_keep_writing()
    {
        var path = Path.Combine(_folder.FullName, "canvass.db");
        await using var journal = Sqlite.SqliteJournal.Open(path, maxRecordsPerCommit: 50_000);
        await using var history = Sqlite.SqliteHistoryStore.Open(path, TimeSpan.FromHours(48));

        // Both writers at once on the same file: neither may fail with "database is locked".
        var appends = Enumerable.Range(1, 200).Select(i => journal.AppendAsync($"site-{i}",
            [new JournalRecord(1, $"r-{i}", 1, 637_000_000_000_000_000, 1, 0, "w")])).ToList();
        for (var minute = 1; minute <= 20; minute++)
        {
            var at = new DateTimeOffset(2020, 2, 1, 0, minute, 0, TimeSpan.Zero);
            appends.Add(history.AppendAsync(Enumerable.Range(0, 500).Select(u => new HistoryPoint($"unit-{u}", at, "{}")).ToArray()));
        }

        await Task.WhenAll(appends);

        Assert.Single((await journal.LoadAsync("site-7")).Records);
        Assert.Equal(20, (await history.RangeAsync("unit-7", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 100)).Count);
    }
}

public sealed class PostgreSqlHistoryTests : HistoryContractTests
{
    // Compaction is global to the table: each test gets a schema of its own, so that others' points do not move it.
    private readonly string _schema = "history_test_" + Guid.NewGuid().ToString("N")[..12];

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

public sealed class MemoryHistoryTests : HistoryContractTests
{
    private readonly Memory.MemoryHistoryStore _store = new(TimeSpan.FromHours(48));

    protected override Task<IUnitHistoryStore> OpenAsync() => Task.FromResult<IUnitHistoryStore>(_store);
}
