using Canvass.Storage.Sqlite;
using Canvass.Storage.Uploads;
using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Tests;

/// <summary>The SQLite receipts' index is built behind the writes: a receipt is listed the same before and after its round, and across a restart.</summary>
public sealed class SqliteUploadIndexTests : IDisposable
{
    private static readonly DateTimeOffset Base = new(2020, 2, 3, 1, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Never = TimeSpan.FromHours(1);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("canvass-sqlite-");

    private string Path => System.IO.Path.Combine(_folder.FullName, "canvass.db");

    [Fact]
    public async Task A_receipt_is_listed_once_whether_its_rows_are_pending_or_indexed()
    {
        await using var store = SqliteUploadStore.Open(Path, Never);
        await store.AddAsync(Upload("u-1", 1, "site-a", "community", "city"));
        await store.AddAsync(Upload("u-2", 2, "site-b", "community", "city"));

        var pending = await ListIds(store);
        store.IndexPending();
        await store.AddAsync(Upload("u-3", 3, "site-a", "community", "city"));
        var mixed = await ListIds(store);
        store.IndexPending();

        Assert.Equal(["u-2", "u-1"], pending);
        Assert.Equal(["u-3", "u-2", "u-1"], mixed);
        Assert.Equal(mixed, await ListIds(store));
        Assert.Equal(0, Count("upload_pending_lists"));
        Assert.Equal(9, Count("upload_units"));
        Assert.Equal(["u-3", "u-1"], (await store.ListAsync("site-a", Base, Base.AddHours(1), 10)).Select(u => u.Id));
    }

    [Fact]
    public async Task Rows_left_pending_by_a_stopped_process_are_listed_and_indexed_after_the_restart()
    {
        await using (var store = SqliteUploadStore.Open(Path, Never))
        {
            await store.AddAsync(Upload("u-1", 1, "site-a", "city"));
        }

        Assert.Equal(1, Count("upload_pending_lists"));
        await using var reopened = SqliteUploadStore.Open(Path, Never);
        Assert.Equal(["u-1"], (await reopened.ListAsync("site-a", Base, Base.AddHours(1), 10)).Select(u => u.Id));

        reopened.IndexPending();

        Assert.Equal(0, Count("upload_pending_lists"));
        Assert.Equal(["u-1"], (await reopened.ListAsync("city", Base, Base.AddHours(1), 10)).Select(u => u.Id));
    }

    [Fact]
    public async Task Rows_of_the_earlier_pending_layout_are_indexed_at_open_and_its_table_dropped()
    {
        await using (SqliteUploadStore.Open(Path, Never))
        {
        }

        Execute($"""
            INSERT INTO uploads (id, received_at, subject, document) VALUES ('u-old', {Base.AddMinutes(1).UtcTicks}, 'team-1', 'null');
            CREATE TABLE upload_pending (unit_id TEXT NOT NULL, received_at INTEGER NOT NULL, upload_id TEXT NOT NULL);
            INSERT INTO upload_pending VALUES ('city', {Base.AddMinutes(1).UtcTicks}, 'u-old'), ('site-a', {Base.AddMinutes(1).UtcTicks}, 'u-old');
            """);

        await using var reopened = SqliteUploadStore.Open(Path, Never);

        Assert.Equal(["u-old"], await ListIds(reopened));
        Assert.Equal(2, Count("upload_units"));
        Assert.Equal(0, Count("sqlite_master WHERE name = 'upload_pending'"));
    }

    private static async Task<string[]> ListIds(IUploadStore store) =>
        [.. (await store.ListAsync("city", Base, Base.AddHours(1), 10)).Select(u => u.Id)];

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private long Count(string table)
    {
        using var connection = new SqliteConnection($"Data Source={Path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    private static StoredUpload Upload(string id, int minute, params string[] units) =>
        new(id, Base.AddMinutes(minute), "team-1", units, $"{{\"id\":\"{id}\"}}");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
