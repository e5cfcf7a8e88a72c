using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Canvass.Cluster.Tests;

/// <summary>
/// The daily report delivered to webhooks through the real host on a fake clock, with receivers on loopback: one
/// signed event per unit a webhook names, none for another's units, retried with backoff; and, with the host
/// stopped between publication and delivery and started again on the same SQLite file, still delivered, each day
/// once and in order.
/// </summary>
public sealed class DailyReportWebhookTests : IAsyncLifetime
{
    private const string District = "440304";
    private const string OtherDistrict = "440303";
    private const string Community = "440304005021";
    private static readonly TimeSpan Shenzhen = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Morning = new(2020, 2, 3, 10, 0, 0, Shenzhen);
    private static readonly DateTimeOffset CutOff = new(2020, 2, 4, 0, 0, 0, Shenzhen);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("canvass-daily-webhooks-");
    private readonly string _secret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private string[] Settings => [$"--Storage:SqlitePath={Path.Combine(_data.FullName, "canvass.db")}"];

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _data.Delete(recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_webhook_gets_one_signed_event_per_unit_it_names_after_failed_attempts_and_none_for_other_units()
    {
        await using var host = new DailyHost(Settings, Morning);
        await host.InitializeAsync();
        await using var district = new WebhookReceiver(_secret);
        district.FailNextDailyReports(2);
        await district.StartAsync();
        await using var other = new WebhookReceiver(_secret);
        await other.StartAsync();
        // With its children: their summaries come, but the district's report holds them, so no event of their own.
        var districtHook = await RegisterAsync(host, district, [District], children: true);
        var otherHook = await RegisterAsync(host, other, [OtherDistrict], children: false);
        await district.WaitForAsync(d => d.Any(x => x.UnitId == District && x.Acknowledged), Patience, "the district's current summary");

        host.Clock!.SetUtcNow(CutOff.AddSeconds(3));
        // A read publishes a day that is due before it answers.
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync($"/api/daily-reports/2020-02-03?unit={District}")).StatusCode);

        await district.WaitForAsync(d => d.Any(x => x.IsDailyReport && x.Acknowledged), Patience, "the district's daily report acknowledged");
        await other.WaitForAsync(d => d.Any(x => x.IsDailyReport && x.Acknowledged), Patience, "the other district's daily report acknowledged");
        await Eventually.UntilAsync(async () => DailyStatus(await host.GetJsonAsync($"/api/webhooks/{districtHook}")) == ("2020-02-03", null, 0),
            "the district's webhook to be through 2020-02-03 with nothing owed");

        // Two refused, the third acknowledged: each the same delivery, signed, of the district only (not 2020-02-02,
        // published before the registration, nor a child's or the other district's).
        var attempts = district.DailyReports;
        Assert.Equal([false, false, true], attempts.Select(a => a.Acknowledged));
        Assert.All(attempts, a =>
        {
            Assert.True(a.SignatureValid, $"signature of {a.Delivery}");
            Assert.Equal((districtHook, $"{District}:dailyReport:2020-02-03", "application/json; charset=utf-8"), (a.WebhookId, a.Delivery, a.ContentType));
            Assert.Equal($$"""{"event":"dailyReport","date":"2020-02-03","unitId":"{{District}}","url":"/api/daily-reports/2020-02-03?unit={{District}}"}""",
                a.Summary.GetRawText());
        });
        var theOther = Assert.Single(other.DailyReports);
        Assert.Equal((otherHook, OtherDistrict, $"/api/daily-reports/2020-02-03?unit={OtherDistrict}", true),
            (theOther.WebhookId, theOther.UnitId, theOther.Summary.GetProperty("url").GetString(), theOther.SignatureValid));

        // The summaries stay as they were, told apart by the header only.
        Assert.All(district.Deliveries.Where(d => !d.IsDailyReport), d =>
        {
            Assert.Equal("unit", d.Event);
            Assert.False(d.Summary.TryGetProperty("event", out _), d.Delivery);
        });

        // The event's address reads the report it announces.
        var report = await host.GetJsonAsync(attempts[^1].Summary.GetProperty("url").GetString()!);
        Assert.Equal((District, "2020-02-03"), (report.GetProperty("unit").GetProperty("id").GetString(), report.GetProperty("date").GetString()));
    }

    [Fact]
    public async Task A_restart_between_publication_and_delivery_still_delivers_each_day_once_and_in_order()
    {
        await using var receiver = new WebhookReceiver(_secret) { FailAll = true };
        await receiver.StartAsync();
        await using (var host = new DailyHost(Settings, Morning))
        {
            await host.InitializeAsync();
            var id = await RegisterAsync(host, receiver, [Community], children: false);
            host.Clock!.SetUtcNow(CutOff.AddSeconds(3));
            Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync($"/api/daily-reports/2020-02-03?unit={Community}")).StatusCode);
            await Eventually.UntilAsync(async () => (await host.GetJsonAsync($"/api/webhooks/{id}")).GetProperty("dailyReports"),
                s => s.GetProperty("pendingDate").GetString() == "2020-02-03" && s.GetProperty("failedAttempts").GetInt32() >= 1
                    && s.GetProperty("lastError").GetString() == "HTTP status 500",
                "the day owed, refused at least once", Patience);
        }

        // Down past the next cut-off as well: that day is published at start, and both are owed.
        receiver.FailAll = false;
        await using (var host = new DailyHost(Settings, CutOff.AddDays(1).AddSeconds(5)))
        {
            await host.InitializeAsync();
            await receiver.WaitForAsync(d => Acknowledged(d).Contains("2020-02-04"), Patience, "2020-02-04 acknowledged after the restart");
            Assert.Equal(["2020-02-03", "2020-02-04"], Acknowledged(receiver.Deliveries));
        }

        // Started once more, past one more cut-off: the days acknowledged before would come first if they were owed.
        await using (var host = new DailyHost(Settings, CutOff.AddDays(2).AddSeconds(5)))
        {
            await host.InitializeAsync();
            await receiver.WaitForAsync(d => Acknowledged(d).Contains("2020-02-05"), Patience, "2020-02-05 acknowledged after the second restart");
            Assert.Equal(["2020-02-03", "2020-02-04", "2020-02-05"], Acknowledged(receiver.Deliveries));
        }

        Assert.All(receiver.DailyReports, d => Assert.True(d.SignatureValid && d.UnitId == Community, d.Delivery));
    }

    private static string[] Acknowledged(IReadOnlyList<ReceivedDelivery> deliveries) =>
        [.. deliveries.Where(d => d.IsDailyReport && d.Acknowledged).Select(d => d.Summary.GetProperty("date").GetString()!)];

    private static (string? Through, string? Pending, int Failed) DailyStatus(JsonElement webhook)
    {
        var status = webhook.GetProperty("dailyReports");
        return (status.GetProperty("deliveredThrough").GetString(), status.GetProperty("pendingDate").GetString(), status.GetProperty("failedAttempts").GetInt32());
    }

    private async Task<string> RegisterAsync(EmbeddedHost host, WebhookReceiver receiver, string[] units, bool children)
    {
        using var response = await host.Http.PostAsJsonAsync("/api/webhooks",
            new { partner = "health-bureau", url = receiver.Url, units, children, secret = _secret });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
