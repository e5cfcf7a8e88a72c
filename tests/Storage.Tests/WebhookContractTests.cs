using Canvass.Storage.Webhooks;
using Npgsql;

namespace Canvass.Storage.Tests;

/// <summary>What every webhook store promises (registrations and their outbox), run against each real backend.</summary>
public abstract class WebhookContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Created = new(2020, 2, 3, 8, 0, 0, TimeSpan.FromHours(8));
    private readonly string _id = "wh-" + Guid.NewGuid().ToString("N")[..24];
    private readonly string _partner = "partner-" + Guid.NewGuid().ToString("N")[..8];
    private IWebhookStore _store = null!;

    /// <summary>Opens the backend on the same store each time, as a restarted process would.</summary>
    protected abstract Task<IWebhookStore> OpenAsync();

    public async Task InitializeAsync() => _store = await OpenAsync();

    public async Task DisposeAsync() => await CloseAsync(_store);

    private StoredWebhook Webhook(string id, string? partner = null, int minutes = 0) =>
        new(id, partner ?? _partner, "http://127.0.0.1:9000/hook?x=1", new string('s', 40), ["440304", "440304005001-007"], true, Created.AddMinutes(minutes));

    [Fact]
    public async Task A_registration_comes_back_with_every_field_and_survives_a_restart_of_the_store()
    {
        var webhook = Webhook(_id);
        await _store.CreateAsync(webhook);
        await CloseAsync(_store);

        _store = await OpenAsync();

        var read = await _store.GetAsync(_id);
        Assert.Equal(webhook with { CreatedAt = Created.ToUniversalTime() }, read);
        Assert.Equal(Created, read!.CreatedAt);
        Assert.Null(await _store.GetAsync(_id + "-never"));
    }

    [Fact]
    public async Task A_second_registration_with_a_taken_id_is_refused()
    {
        await _store.CreateAsync(Webhook(_id));

        await Assert.ThrowsAnyAsync<Exception>(() => _store.CreateAsync(Webhook(_id) with { Url = "http://other/" }));

        Assert.Equal("http://127.0.0.1:9000/hook?x=1", (await _store.GetAsync(_id))!.Url);
    }

    [Fact]
    public async Task A_partner_at_its_cap_registers_no_more_even_when_registrations_race()
    {
        // Twelve at once against a cap of five: the count and the insert are one step, so exactly five get in.
        var created = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => _store.CreateAsync(Webhook($"{_id}-{i:00}"), maxPerPartner: 5)));

        Assert.Equal(5, created.Count(c => c));
        Assert.Equal(5, (await _store.ListAsync(_partner)).Count);
        Assert.False(await _store.CreateAsync(Webhook(_id + "-late"), maxPerPartner: 5));
        Assert.True(await _store.CreateAsync(Webhook(_id + "-other", partner: _partner + "-other"), maxPerPartner: 5));
        Assert.True(await _store.DeleteAsync((await _store.ListAsync(_partner))[0].Id));
        Assert.True(await _store.CreateAsync(Webhook(_id + "-after"), maxPerPartner: 5));
    }

    [Fact]
    public async Task A_partner_lists_its_own_registrations_oldest_first()
    {
        await _store.CreateAsync(Webhook(_id + "b", minutes: 2));
        await _store.CreateAsync(Webhook(_id + "a", minutes: 1));
        await _store.CreateAsync(Webhook(_id + "c", partner: _partner + "-other"));

        var own = await _store.ListAsync(_partner);
        var all = await _store.ListAsync(null);

        Assert.Equal([_id + "a", _id + "b"], own.Select(w => w.Id));
        Assert.Contains(all, w => w.Id == _id + "c");
        Assert.Contains(all, w => w.Id == _id + "a");
    }

    [Fact]
    public async Task The_outbox_keeps_the_highest_pending_version_and_ignores_lower_ones()
    {
        await _store.CreateAsync(Webhook(_id));

        await _store.SavePendingAsync(_id, [new("u1", 5, "{\"v\":5}"), new("u2", 3, "{\"v\":3}")]);
        await _store.SavePendingAsync(_id, [new("u1", 7, "{\"v\":7}")]);
        await _store.SavePendingAsync(_id, [new("u1", 6, "{\"v\":6}"), new("u2", 3, "{\"again\":3}")]);

        var outbox = await _store.LoadOutboxAsync(_id);
        Assert.Equal(
            [new OutboxEntry("u1", null, new PendingDelivery("u1", 7, "{\"v\":7}")), new OutboxEntry("u2", null, new PendingDelivery("u2", 3, "{\"v\":3}"))],
            outbox);
    }

    [Fact]
    public async Task An_acknowledgement_clears_the_pending_delivery_it_covers_and_keeps_a_newer_one()
    {
        await _store.CreateAsync(Webhook(_id));
        await _store.SavePendingAsync(_id, [new("u1", 5, "v5"), new("u2", 5, "v5")]);

        await _store.MarkDeliveredAsync(_id, "u1", 5);
        // u2: version 5 went out, and 8 became pending meanwhile.
        await _store.SavePendingAsync(_id, [new("u2", 8, "v8")]);
        await _store.MarkDeliveredAsync(_id, "u2", 5);

        Assert.Equal(
            [new OutboxEntry("u1", 5, null), new OutboxEntry("u2", 5, new PendingDelivery("u2", 8, "v8"))],
            await _store.LoadOutboxAsync(_id));
    }

    [Fact]
    public async Task Nothing_at_or_below_an_acknowledged_version_becomes_pending_again_and_acknowledgements_never_go_down()
    {
        await _store.CreateAsync(Webhook(_id));
        await _store.MarkDeliveredAsync(_id, "u1", 9);

        await _store.SavePendingAsync(_id, [new("u1", 9, "v9"), new("u1", 4, "v4")]);
        await _store.MarkDeliveredAsync(_id, "u1", 3);

        Assert.Equal([new OutboxEntry("u1", 9, null)], await _store.LoadOutboxAsync(_id));
        await _store.SavePendingAsync(_id, [new("u1", 10, "v10")]);
        Assert.Equal([new OutboxEntry("u1", 9, new PendingDelivery("u1", 10, "v10"))], await _store.LoadOutboxAsync(_id));
    }

    [Fact]
    public async Task The_outbox_survives_a_restart_of_the_store()
    {
        await _store.CreateAsync(Webhook(_id));
        await _store.SavePendingAsync(_id, [new("u1", 5, "v5"), new("u2", 2, "v2")]);
        await _store.MarkDeliveredAsync(_id, "u2", 2);
        await CloseAsync(_store);

        _store = await OpenAsync();

        Assert.Equal([new OutboxEntry("u1", null, new PendingDelivery("u1", 5, "v5")), new OutboxEntry("u2", 2, null)], await _store.LoadOutboxAsync(_id));
    }

    [Fact]
    public async Task The_day_daily_reports_are_delivered_through_only_moves_forward_and_survives_a_restart()
    {
        await _store.CreateAsync(Webhook(_id) with { DailyReportsThrough = new DateOnly(2020, 2, 2) });
        await _store.CreateAsync(Webhook(_id + "-none"));
        await _store.MarkDailyReportsDeliveredAsync(_id, new DateOnly(2020, 2, 4));
        // An acknowledgement that comes late (a day already passed) does not move it back.
        await _store.MarkDailyReportsDeliveredAsync(_id, new DateOnly(2020, 2, 3));
        await _store.MarkDailyReportsDeliveredAsync(_id + "-never", new DateOnly(2020, 2, 4));
        await CloseAsync(_store);

        _store = await OpenAsync();

        Assert.Equal(new DateOnly(2020, 2, 4), (await _store.GetAsync(_id))!.DailyReportsThrough);
        Assert.Null((await _store.GetAsync(_id + "-none"))!.DailyReportsThrough);
        Assert.Null(await _store.GetAsync(_id + "-never"));
        await _store.MarkDailyReportsDeliveredAsync(_id + "-none", new DateOnly(2020, 2, 3));
        Assert.Equal(new DateOnly?[] { new(2020, 2, 4), new(2020, 2, 3) }, (await _store.ListAsync(_partner)).Select(w => w.DailyReportsThrough));
    }

    [Fact]
    public async Task Deleting_a_registration_removes_its_outbox_and_later_writes_for_it_store_nothing()
    {
        await _store.CreateAsync(Webhook(_id));
        await _store.CreateAsync(Webhook(_id + "-kept"));
        await _store.SavePendingAsync(_id, [new("u1", 5, "v5")]);
        await _store.SavePendingAsync(_id + "-kept", [new("u1", 6, "v6")]);

        Assert.True(await _store.DeleteAsync(_id));
        // A delivery that was under way when the registration went.
        await _store.SavePendingAsync(_id, [new("u1", 7, "v7")]);
        await _store.MarkDeliveredAsync(_id, "u1", 5);

        Assert.Null(await _store.GetAsync(_id));
        Assert.Empty(await _store.LoadOutboxAsync(_id));
        Assert.False(await _store.DeleteAsync(_id));
        Assert.Equal([new OutboxEntry("u1", null, new PendingDelivery("u1", 6, "v6"))], await _store.LoadOutboxAsync(_id + "-kept"));
    }

    [Fact]
    public async Task A_save_with_a_delivery_the_store_refuses_writes_none_of_them()
    {
        await _store.CreateAsync(Webhook(_id));

        await Assert.ThrowsAnyAsync<Exception>(() => _store.SavePendingAsync(_id, [new("u1", 5, "v5"), new("u2", 5, null!)]));

        Assert.Empty(await _store.LoadOutboxAsync(_id));
    }

    private static async Task CloseAsync(IWebhookStore store)
    {
        if (store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}

public sealed class SqliteWebhookTests : WebhookContractTests, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("canvass-sqlite-");

    protected override Task<IWebhookStore> OpenAsync() =>
        Task.FromResult<IWebhookStore>(Sqlite.SqliteWebhookStore.Open(Path.Combine(_folder.FullName, "canvass.db")));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task Webhooks_history_and_the_journal_share_one_file_each_with_its_own_migrations()
    {
        var path = Path.Combine(_folder.FullName, "shared.db");
        await using var journal = Sqlite.SqliteJournal.Open(path, maxRecordsPerCommit: 50_000);
        await using var history = Sqlite.SqliteHistoryStore.Open(path, TimeSpan.FromHours(48));
        await using var webhooks = Sqlite.SqliteWebhookStore.Open(path);

        await journal.AppendAsync("site-1", [new JournalRecord(1, "r-1", 1, 637_000_000_000_000_000, 1, 0, "w")]);
        await webhooks.CreateAsync(new StoredWebhook("wh-1", "p", "http://h/", new string('s', 32), ["4403"], false, DateTimeOffset.UnixEpoch));

        Assert.Single((await journal.LoadAsync("site-1")).Records);
        Assert.NotNull(await webhooks.GetAsync("wh-1"));
    }
}

public sealed class PostgreSqlWebhookTests : WebhookContractTests
{
    // Listing every registration is global to the table: each test gets a schema of its own.
    private readonly string _schema = "webhook_test_" + Guid.NewGuid().ToString("N")[..12];

    protected override async Task<IWebhookStore> OpenAsync()
    {
        await using (var connection = new NpgsqlConnection(TestServers.PostgreSql))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {_schema}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(TestServers.PostgreSql) { SearchPath = _schema }.ConnectionString;
        return await PostgreSql.PostgreSqlWebhookStore.OpenAsync(connectionString);
    }
}

public sealed class MemoryWebhookTests : WebhookContractTests
{
    private readonly Memory.MemoryWebhookStore _store = new();

    protected override Task<IWebhookStore> OpenAsync() => Task.FromResult<IWebhookStore>(_store);
}
