using Canvass.Storage.Uploads;
using Npgsql;

namespace Canvass.Storage.Tests;

/// <summary>What every upload receipt backend promises, run against each real backend.</summary>
public abstract class UploadContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Base = new(2020, 2, 3, 1, 0, 0, TimeSpan.Zero);
    private readonly string _unit = "440304005021-" + Guid.NewGuid().ToString("N")[..8];
    private IUploadStore _store = null!;

    /// <summary>Opens the backend on the same store each time, as a restarted process would.</summary>
    protected abstract Task<IUploadStore> OpenAsync();

    public async Task InitializeAsync() => _store = await OpenAsync();

    public async Task DisposeAsync() => await CloseAsync(_store);

    [Fact]
    public async Task A_receipt_reads_back_by_id_with_every_field()
    {
        var upload = Upload(1, "team-1", _unit, "4403");
        await _store.AddAsync(upload);

        var read = await _store.GetAsync(upload.Id);

        Assert.NotNull(read);
        Assert.Equal(upload.Id, read.Id);
        Assert.Equal(upload.ReceivedAt, read.ReceivedAt);
        Assert.Equal("team-1", read.Subject);
        Assert.Equal(upload.Document, read.Document);
        Assert.Null(await _store.GetAsync("u-never"));
    }

    [Fact]
    public async Task A_units_list_is_newest_first_within_the_range_and_the_limit()
    {
        var uploads = Enumerable.Range(1, 5).Select(i => Upload(i, i % 2 == 0 ? null : "team-1", _unit)).ToList();
        foreach (var upload in uploads.AsEnumerable().Reverse())
        {
            await _store.AddAsync(upload);
        }

        await _store.AddAsync(Upload(3, "team-2", _unit + "-other"));

        var range = await _store.ListAsync(_unit, Base.AddMinutes(2), Base.AddMinutes(4), limit: 100);
        Assert.Equal([uploads[3].Id, uploads[2].Id, uploads[1].Id], range.Select(u => u.Id));
        Assert.Null(range[0].Subject);
        Assert.Equal([uploads[4].Id, uploads[3].Id], (await _store.ListAsync(_unit, Base, Base.AddHours(1), limit: 2)).Select(u => u.Id));
        Assert.Empty(await _store.ListAsync(_unit + "-never", Base, Base.AddHours(1), limit: 100));
    }

    [Fact]
    public async Task A_receipt_is_listed_under_each_of_its_units_once()
    {
        var upload = Upload(1, "team-1", _unit, _unit + "-parent", _unit, _unit + "-parent");
        await _store.AddAsync(upload);

        Assert.Single(await _store.ListAsync(_unit, Base, Base.AddHours(1), 100));
        Assert.Single(await _store.ListAsync(_unit + "-parent", Base, Base.AddHours(1), 100));
    }

    [Fact]
    public async Task Receipts_survive_a_restart_of_the_store()
    {
        var upload = Upload(1, "team-1", _unit);
        await _store.AddAsync(upload);
        await CloseAsync(_store);

        _store = await OpenAsync();

        Assert.Equal(upload.Document, (await _store.GetAsync(upload.Id))?.Document);
        Assert.Single(await _store.ListAsync(_unit, Base, Base.AddHours(1), 100));
    }

    [Fact]
    public async Task The_same_id_twice_is_refused_and_the_first_stays()
    {
        var upload = Upload(1, "team-1", _unit);
        await _store.AddAsync(upload);

        await Assert.ThrowsAnyAsync<Exception>(() => _store.AddAsync(upload with { Document = "{\"other\":1}" }));

        Assert.Equal(upload.Document, (await _store.GetAsync(upload.Id))?.Document);
    }

    [Fact]
    public async Task A_teams_latest_upload_is_kept_with_the_sweeps_mark_until_it_is_taken_back()
    {
        var team = "team-" + _unit;
        await _store.AddAsync(Upload(10, team, _unit) with { TeamSiteId = _unit + "-001" });
        // One that arrived earlier, stored late (another gateway's), does not replace it; nobody's but a team's keeps a row.
        await _store.AddAsync(Upload(5, team, _unit) with { TeamSiteId = _unit + "-002" });
        await _store.AddAsync(Upload(12, "admin-" + _unit, _unit));

        var teams = await _store.ListTeamsAsync(Base);
        Assert.Equal((Base.AddMinutes(10), _unit + "-001", null, null), Row(teams, team));
        Assert.DoesNotContain(teams, t => t.Subject == "admin-" + _unit);
        Assert.DoesNotContain(await _store.ListTeamsAsync(Base.AddMinutes(11)), t => t.Subject == team);

        // The mark: only for the upload held, and once.
        Assert.False(await _store.MarkSilentAsync(team, Base.AddMinutes(5)));
        Assert.True(await _store.MarkSilentAsync(team, Base.AddMinutes(10)));
        Assert.False(await _store.MarkSilentAsync(team, Base.AddMinutes(10)));

        // A newer upload moves the team on; the mark stays, across a restart, until it is taken back.
        await _store.AddAsync(Upload(20, team, _unit) with { TeamSiteId = _unit + "-003" });
        await CloseAsync(_store);
        _store = await OpenAsync();
        Assert.Equal((Base.AddMinutes(20), _unit + "-003", _unit + "-001", Base.AddMinutes(10)), Row(await _store.ListTeamsAsync(Base), team));
        Assert.False(await _store.UnmarkSilentAsync(team, Base.AddMinutes(20)));
        Assert.True(await _store.UnmarkSilentAsync(team, Base.AddMinutes(10)));
        Assert.Equal((Base.AddMinutes(20), _unit + "-003", null, null), Row(await _store.ListTeamsAsync(Base), team));
    }

    private static (DateTimeOffset, string, string?, DateTimeOffset?) Row(IReadOnlyList<TeamUpload> teams, string subject) =>
        teams.Single(t => t.Subject == subject) is var t ? (t.ReceivedAt, t.SiteId, t.SilentSiteId, t.SilentSince) : default;

    private StoredUpload Upload(int minute, string? subject, params string[] units) =>
        new($"u-{_unit}-{minute:D2}-{units[0].Length}", Base.AddMinutes(minute), subject, units, $"{{\"minute\":{minute},\"units\":\"{string.Join(',', units)}\"}}");

    private static async Task CloseAsync(IUploadStore store)
    {
        if (store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}

public sealed class SqliteUploadTests : UploadContractTests, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("canvass-sqlite-");

    protected override Task<IUploadStore> OpenAsync() =>
        Task.FromResult<IUploadStore>(Sqlite.SqliteUploadStore.Open(Path.Combine(_folder.FullName, "canvass.db")));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}

/// <summary>The same contract with index rounds every few milliseconds, so that lists meet receipts both pending and indexed.</summary>
public sealed class SqliteBusyIndexUploadTests : UploadContractTests, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("canvass-sqlite-");

    protected override Task<IUploadStore> OpenAsync() =>
        Task.FromResult<IUploadStore>(Sqlite.SqliteUploadStore.Open(Path.Combine(_folder.FullName, "canvass.db"), TimeSpan.FromMilliseconds(5)));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}

public sealed class PostgreSqlUploadTests : UploadContractTests
{
    private readonly string _schema = "uploads_test_" + Guid.NewGuid().ToString("N")[..12];

    protected override async Task<IUploadStore> OpenAsync()
    {
        await using (var connection = new NpgsqlConnection(TestServers.PostgreSql))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {_schema}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new PostgreSql.PostgreSqlUploadStore(new NpgsqlConnectionStringBuilder(TestServers.PostgreSql) { SearchPath = _schema }.ConnectionString);
    }
}

public sealed class MemoryUploadTests : UploadContractTests
{
    private readonly Memory.MemoryUploadStore _store = new();

    protected override Task<IUploadStore> OpenAsync() => Task.FromResult<IUploadStore>(_store);
}
