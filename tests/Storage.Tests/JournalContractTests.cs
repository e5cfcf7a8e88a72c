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
    public async Task Report_ids_are_found_from_the_sequence_asked_on_and_only_in_the_sites_own_records()
    {
        await _journal.AppendAsync(_site, Records(1, 6));
        await _journal.AppendAsync(_site + "-next", Records(1, 2));

        var found = await _journal.FindReportIdsAsync(_site, 3, ["r-2", "r-3", "r-6", "r-7", "other"]);
        var elsewhere = await _journal.FindReportIdsAsync(_site + "-next", 1, ["r-3"]);

        Assert.Equal(["r-3", "r-6"], found.Order());
        Assert.Empty(elsewhere);
    }

    [Fact]
    public async Task Interleaved_appends_of_many_sites_read_back_per_site_before_and_after_a_restart()
    {
        var sites = Enumerable.Range(0, 40).Select(i => $"{_site}-many-{i}").ToArray();
        for (var round = 0; round < 5; round++)
        {
            // One record per site per call, as random ingest writes them: every site's records are spread over the log.
            await Task.WhenAll(sites.Select(site => _journal.AppendAsync(site, Records(round + 1, round + 1))));
        }

        var before = await Task.WhenAll(sites.Select(site => _journal.LoadAsync(site)));
        await CloseAsync(_journal);
        _journal = await OpenAsync();
        var after = await Task.WhenAll(sites.Select(site => _journal.LoadAsync(site)));

        Assert.All(before.Concat(after), history => Assert.Equal(Records(1, 5), history.Records));
        await Assert.ThrowsAsync<JournalConflictException>(() => _journal.AppendAsync(sites[7], Records(5, 6)));
        await _journal.AppendAsync(sites[7], Records(6, 6));
        Assert.Equal(6, (await _journal.LoadAsync(sites[7])).LastSequence);
    }

    [Fact]
    public async Task Compaction_deletes_only_records_older_than_the_cutoff_that_the_snapshot_covers()
    {
        var records = Records(1, 6);
        await _journal.AppendAsync(_site, records);
        await _journal.AppendAsync(_site + "-unsnapshotted", Records(1, 2));
        await _journal.SaveSnapshotAsync(_site, 4, [4]);
        await _journal.LoadAsync(_site);
        await _journal.LoadAsync(_site + "-unsnapshotted");

        var removed = await _journal.CompactAsync(records[2].AcknowledgedAtUtcTicks);
        var everything = await _journal.LoadAsync(_site, withSnapshot: false);
        var fromSnapshot = await _journal.LoadAsync(_site);
        var later = await _journal.CompactAsync(records[5].AcknowledgedAtUtcTicks + 1);

        Assert.True(removed >= 2, $"removed {removed}");
        Assert.Equal([3L, 4L, 5L, 6L], everything.Records.Select(r => r.Sequence));
        Assert.Equal([5L, 6L], fromSnapshot.Records.Select(r => r.Sequence));
        Assert.True(later >= 2, $"then removed {later}");
        // Records after the snapshot, and every record of a site without one, stay.
        Assert.Equal([5L, 6L], (await _journal.LoadAsync(_site, withSnapshot: false)).Records.Select(r => r.Sequence));
        Assert.Equal(2, (await _journal.LoadAsync(_site + "-unsnapshotted")).Records.Count);
        Assert.Equal(["r-5"], await _journal.FindReportIdsAsync(_site, 1, ["r-1", "r-4", "r-5"]));
        await Assert.ThrowsAsync<JournalConflictException>(() => _journal.AppendAsync(_site, Records(6, 6)));
        await _journal.AppendAsync(_site, Records(7, 7));
        Assert.Equal(7, (await _journal.LoadAsync(_site)).LastSequence);
    }

    [Fact]
    public async Task The_store_answers_a_ping() => await _journal.PingAsync();

    private static JournalRecord[] Records(int from, int to) => Enumerable.Range(from, to - from + 1)
        // Every second record is another kind of event with a note, so that both columns make the round trip too; every
        // third has no submitter, as records from before that column.
        .Select(i => new JournalRecord(i, $"r-{i}", i, 637_000_000_000_000_000 + i, (byte)(1 + i % 3), 0x0102 + i, "w-88",
            Kind: (byte)(i % 2 == 0 ? 2 : 0), Detail: i % 2 == 0 ? $"已派队伍 note {i}" : null, AcknowledgedAtUtcTicks: 639_000_000_000_000_000 + i,
            SubmittedBy: i % 3 == 0 ? null : $"screener-{i} 李"))
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

    [Fact]
    public async Task A_journal_of_the_site_keyed_layout_before_version_3_is_moved_to_the_log_with_every_record()
    {
        // The schema and rows as versions 1 and 2 of the schema left them.
        var path = Path.Combine(_folder.FullName, "old.db");
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
                INSERT INTO schema_migrations VALUES (1, datetime('now')), (2, datetime('now'));
                CREATE TABLE site_events (
                    site_id TEXT NOT NULL, seq INTEGER NOT NULL, report_id TEXT NOT NULL, household INTEGER NOT NULL,
                    screened_at INTEGER NOT NULL, outcome INTEGER NOT NULL, residents INTEGER NOT NULL, screener_id TEXT NOT NULL,
                    kind INTEGER NOT NULL DEFAULT 0, detail TEXT, PRIMARY KEY (site_id, seq)) WITHOUT ROWID;
                CREATE TABLE site_snapshots (site_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, data BLOB NOT NULL);
                INSERT INTO site_events VALUES ('a', 1, 'r-1', 3, 100, 1, 258, 'w-1', 0, NULL), ('b', 1, 'r-9', 4, 101, 2, 0, 'w-2', 0, NULL),
                                               ('a', 2, 'r-2', 5, 102, 1, 1, 'w-1', 2, '已派');
                INSERT INTO site_snapshots VALUES ('a', 1, x'0102');
                """;
            await command.ExecuteNonQueryAsync();
        }

        var migratedAt = DateTimeOffset.UtcNow.UtcTicks;
        await using var journal = Sqlite.SqliteJournal.Open(path, maxRecordsPerCommit: 50_000);
        var a = await journal.LoadAsync("a");
        var all = await journal.LoadAsync("a", withSnapshot: false);

        Assert.Equal(1, a.SnapshotSequence);
        Assert.Equal([1, 2], a.Snapshot);
        Assert.Equal(["r-2"], a.Records.Select(r => r.ReportId));
        // Rows from before the submitter column load without one.
        Assert.Equal(new JournalRecord(2, "r-2", 5, 102, 1, 1, "w-1", 2, "已派", a.Records[0].AcknowledgedAtUtcTicks, SubmittedBy: null), a.Records[0]);
        // Rows from before the column count as acknowledged when they were moved.
        Assert.InRange(a.Records[0].AcknowledgedAtUtcTicks, migratedAt - TimeSpan.TicksPerMinute, migratedAt + TimeSpan.TicksPerMinute);
        Assert.Equal(["r-1", "r-2"], all.Records.Select(r => r.ReportId));
        Assert.Equal(["r-9"], (await journal.LoadAsync("b")).Records.Select(r => r.ReportId));
        await Assert.ThrowsAsync<JournalConflictException>(() => journal.AppendAsync("a", [all.Records[1] with { ReportId = "r-x" }]));
    }

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
