namespace Canvass.Storage.Tests;

/// <summary>What every journal backend promises, run against each real backend.</summary>
public abstract class JournalContractTests : IAsyncLifetime
{
    private ISiteJournal _journal = null!;
    private readonly string _site = "440303001002-001/" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Opens the backend on the same store each time, as a restarted process would.</summary>
    protected abstract Task<ISiteJournal> OpenAsync();

    public async Task InitializeAsync() => _journal = await OpenAsync();

    public async Task DisposeAsync() => await CloseAsync(_journal);

    [Fact]
    public async Task Appended_records_read_back_in_order_with_every_field()
    {
        var records = Records(1, 3);
        await _journal.AppendAsync(_site, records[..2]);
        await _journal.AppendAsync(_site, records[2..]);

        var history = await _journal.LoadAsync(_site);

        Assert.Equal(records, history.Records);
        Assert.Equal(3, history.LastSequence);
        Assert.Null(history.Snapshot);
    }

    [Fact]
    public async Task A_snapshot_comes_back_with_only_the_records_after_it()
    {
        await _journal.AppendAsync(_site, Records(1, 5));
        await _journal.SaveSnapshotAsync(_site, 3, [1, 2, 3]);
        await _journal.SaveSnapshotAsync(_site, 2, [9]); // an older snapshot never replaces a newer one

        var history = await _journal.LoadAsync(_site);
        var everything = await _journal.LoadAsync(_site, withSnapshot: false);

        Assert.Equal(3, history.SnapshotSequence);
        Assert.Equal([1, 2, 3], history.Snapshot);
        Assert.Equal([4L, 5L], history.Records.Select(r => r.Sequence));
        Assert.Equal(5, everything.Records.Count);
    }

    [Fact]
    public async Task Report_ids_survive_a_restart_of_the_store()
    {
        await _journal.AppendAsync(_site, Records(1, 2));
        await CloseAsync(_journal);

        _journal = await OpenAsync();
        var history = await _journal.LoadAsync(_site);

        Assert.Equal(["r-1", "r-2"], history.Records.Select(r => r.ReportId));
    }

    [Fact]
    public async Task An_append_that_reuses_a_sequence_number_fails_writes_nothing_and_a_retry_applies_once()
    {
        await _journal.AppendAsync(_site, Records(1, 2));

        // The second call claims sequence 2 again, as a duplicate activation or a retried unknown outcome would.
        await Assert.ThrowsAsync<JournalConflictException>(() => _journal.AppendAsync(_site, Records(2, 3)));
        Assert.Equal([1L, 2L], (await _journal.LoadAsync(_site)).Records.Select(r => r.Sequence));

        await _journal.AppendAsync(_site, Records(3, 3));
        var history = await _journal.LoadAsync(_site);
        Assert.Equal([1L, 2L, 3L], history.Records.Select(r => r.Sequence));
        Assert.Single(history.Records, r => r.ReportId == "r-3");
    }

    [Fact]
    public async Task A_failing_write_in_a_group_commit_fails_alone_and_the_others_are_written()
    {
        var other = _site + "-other";
        var good = Enumerable.Range(0, 20).Select(i => _journal.AppendAsync($"{other}-{i}", Records(1, 2))).ToArray();
        // A record the store refuses (a missing report id) inside the same group commit.
        var bad = _journal.AppendAsync(_site, [Records(1, 1)[0] with { ReportId = null! }]);

        await Task.WhenAll(good);
        await Assert.ThrowsAnyAsync<Exception>(() => bad);

        Assert.Empty((await _journal.LoadAsync(_site)).Records);
        foreach (var i in Enumerable.Range(0, 20))
        {
            Assert.Equal(2, (await _journal.LoadAsync($"{other}-{i}")).Records.Count);
        }
    }

    [Fact]
    public async Task The_store_answers_a_ping() => await _journal.PingAsync();

    private static JournalRecord[] Records(int from, int to) => Enumerable.Range(from, to - from + 1)
        // Every second record is another kind of event with a note, so that both columns make the round trip too.
        .Select(i => new JournalRecord(i, $"r-{i}", i, 637_000_000_000_000_000 + i, (byte)(1 + i % 3), 0x0102 + i, "w-88",
            Kind: (byte)(i % 2 == 0 ? 2 : 0), Detail: i % 2 == 0 ? $"已派队伍 note {i}" : null))
        .ToArray();

    private static async Task CloseAsync(ISiteJournal journal)
    {
        if (journal is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}

public sealed class SqliteJournalTests : JournalContractTests, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("canvass-sqlite-");

    protected override Task<ISiteJournal> OpenAsync() => Task.FromResult<ISiteJournal>(
        Sqlite.SqliteJournal.Open(Path.Combine(_folder.FullName, "journal.db"), maxRecordsPerCommit: 50_000));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}

public sealed class PostgreSqlJournalTests : JournalContractTests
{
    protected override async Task<ISiteJournal> OpenAsync() =>
        await PostgreSql.PostgreSqlJournal.OpenAsync(TestServers.PostgreSql, maxRecordsPerCommit: 50_000, writers: 2);
}

public sealed class MemoryJournalTests : JournalContractTests
{
    private readonly Memory.MemoryJournal _journal = new();

    protected override Task<ISiteJournal> OpenAsync() => Task.FromResult<ISiteJournal>(_journal);
}
