using Canvass.Storage.DailyReports;
using Canvass.Storage.History;
using Npgsql;

namespace Canvass.Storage.Tests;

/// <summary>
/// What the daily report needs of every backend: the report store written once, every unit's history point as of an
/// instant in one read, and the journal's count of what arrived late for a day.
/// </summary>
public abstract class DailyReportContractTests
{
    private static readonly DateTimeOffset CutOff = new(2020, 2, 4, 0, 0, 0, TimeSpan.FromHours(8));
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    protected abstract Task<(IDailyReportStore Reports, IUnitHistoryStore History, ISiteJournal Journal)> OpenAsync();

    [Fact]
    public async Task A_day_is_written_once_and_its_rows_read_back_by_unit()
    {
        var (reports, _, _) = await OpenAsync();
        var day = new DateOnly(2020, 2, 3).AddDays(Random.Shared.Next(10_000));
        var header = new DailyReportHeader(day, CutOff, CutOff.AddMinutes(2));
        Assert.True(await reports.PublishAsync(header, [new DailyReportRow("a", "{\"n\":1}"), new DailyReportRow("b", "{\"n\":2}")]));
        Assert.False(await reports.PublishAsync(header with { PublishedAt = CutOff.AddHours(1) }, [new DailyReportRow("a", "{\"n\":9}")]));

        var stored = Assert.Single(await reports.ListAsync(), h => h.Date == day);
        Assert.Equal((header.CutOff, header.PublishedAt, header.CutOff.Offset), (stored.CutOff, stored.PublishedAt, stored.CutOff.Offset));
        var rows = await reports.GetRowsAsync(day, ["b", "a", "missing"]);
        Assert.Equal([("a", "{\"n\":1}"), ("b", "{\"n\":2}")], rows.Select(r => (r.UnitId, r.Figures)).OrderBy(r => r.UnitId));
        Assert.Empty(await reports.GetRowsAsync(day.AddDays(1), ["a"]));
    }

    [Fact]
    public async Task As_of_many_is_each_units_latest_point_at_or_before_the_instant()
    {
        var (_, history, _) = await OpenAsync();
        string a = $"a-{_run}", b = $"b-{_run}", c = $"c-{_run}";
        await history.AppendAsync(
        [
            new HistoryPoint(a, CutOff.AddMinutes(-2), "a1"), new HistoryPoint(a, CutOff, "a2"), new HistoryPoint(a, CutOff.AddMinutes(1), "a3"),
            new HistoryPoint(b, CutOff.AddHours(-5), "b1"), new HistoryPoint(c, CutOff.AddSeconds(1), "c1"),
        ]);

        var points = await history.AsOfManyAsync([a, b, c, $"none-{_run}"], CutOff);

        Assert.Equal([(a, "a2"), (b, "b1")], points.Select(p => (p.UnitId, p.Summary)).OrderBy(p => p.UnitId));
        Assert.Equal(CutOff.UtcTicks, points.Single(p => p.UnitId == a).At.UtcTicks);
    }

    [Fact]
    public async Task Late_arrivals_are_counted_per_site_and_kind_within_the_arrival_window_and_before_the_screening_bound()
    {
        var (_, _, journal) = await OpenAsync();
        // A window of arrival of its own (a day far ahead, per run), so that other tests' rows never fall in it.
        var previous = new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(Random.Shared.Next(10_000));
        var next = previous.AddDays(1);
        string one = $"late-1-{_run}", two = $"late-2-{_run}";
        JournalRecord Record(long seq, byte kind, DateTimeOffset screened, DateTimeOffset arrived) =>
            new(seq, $"r-{seq}", 1, screened.UtcTicks, 1, 0, "w", kind, AcknowledgedAtUtcTicks: arrived.UtcTicks);
        await journal.AppendAsync(one,
        [
            Record(1, 0, previous.AddHours(-2), previous.AddHours(-1)),  // arrived in time
            Record(2, 0, previous.AddHours(-2), previous.AddHours(3)),   // late
            Record(3, 0, previous.AddHours(-1), previous.AddHours(4)),   // late
            Record(4, 1, previous.AddMinutes(-5), previous.AddHours(5)), // a late checkpoint
            Record(5, 2, previous.AddHours(-2), previous.AddHours(5)),   // another kind
            Record(6, 0, previous.AddHours(1), previous.AddHours(6)),    // screened after the cut-off
            Record(7, 0, previous.AddHours(-3), next.AddHours(1)),       // arrived after the next cut-off
        ]);
        await journal.AppendAsync(two, [Record(1, 0, previous.AddDays(-2), next)]);

        var counts = (await journal.CountArrivedLateAsync(previous.UtcTicks, previous.UtcTicks, next.UtcTicks, [0, 1]))
            .Where(c => c.SiteId == one || c.SiteId == two).OrderBy(c => c.SiteId).ThenBy(c => c.Kind).ToArray();

        Assert.Equal([new LateArrivals(one, 0, 2), new LateArrivals(one, 1, 1), new LateArrivals(two, 0, 1)], counts);
    }
}

public sealed class SqliteDailyReportTests : DailyReportContractTests, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("canvass-sqlite-");

    protected override Task<(IDailyReportStore, IUnitHistoryStore, ISiteJournal)> OpenAsync()
    {
        var path = Path.Combine(_folder.FullName, "canvass.db");
        return Task.FromResult<(IDailyReportStore, IUnitHistoryStore, ISiteJournal)>(
            (Sqlite.SqliteDailyReportStore.Open(path), Sqlite.SqliteHistoryStore.Open(path, TimeSpan.FromHours(48)), Sqlite.SqliteJournal.Open(path, maxRecordsPerCommit: 50_000)));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}

public sealed class PostgreSqlDailyReportTests : DailyReportContractTests
{
    private readonly string _schema = "daily_test_" + Guid.NewGuid().ToString("N")[..12];

    protected override async Task<(IDailyReportStore, IUnitHistoryStore, ISiteJournal)> OpenAsync()
    {
        await using (var connection = new NpgsqlConnection(TestServers.PostgreSql))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {_schema}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(TestServers.PostgreSql) { SearchPath = _schema }.ConnectionString;
        return (new PostgreSql.PostgreSqlDailyReportStore(connectionString),
            await PostgreSql.PostgreSqlHistoryStore.OpenAsync(connectionString, TimeSpan.FromHours(48)),
            await PostgreSql.PostgreSqlJournal.OpenAsync(connectionString, maxRecordsPerCommit: 50_000, writers: 2));
    }
}

public sealed class MemoryDailyReportTests : DailyReportContractTests
{
    protected override Task<(IDailyReportStore, IUnitHistoryStore, ISiteJournal)> OpenAsync() =>
        Task.FromResult<(IDailyReportStore, IUnitHistoryStore, ISiteJournal)>((new Memory.MemoryDailyReportStore(), new Memory.MemoryHistoryStore(TimeSpan.FromHours(48)), new Memory.MemoryJournal()));
}
