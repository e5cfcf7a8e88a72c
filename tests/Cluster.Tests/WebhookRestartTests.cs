using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Canvass.Cluster.Tests;

/// <summary>
/// The embedded default (one process, SQLite file, reminders in memory) killed with SIGKILL while it owes a
/// receiver deliveries, and started again: every owed delivery still arrives, none below a version already owed.
/// </summary>
public sealed class WebhookRestartTests : IAsyncLifetime
{
    private const string Community = "440307010005";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("canvass-webhooks-");
    private readonly string _secret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private ServerProcess _server = null!;

    public Task InitializeAsync()
    {
        _server = new ServerProcess("webhooks", "Canvass.Silo.dll", _folder.FullName,
            $"--Storage:SqlitePath={Path.Combine(_folder.FullName, "canvass.db")}",
            $"--Silo:SiloPort={Ports.Free()}", $"--Silo:GatewayPort={Ports.Free()}",
            "--Silo:Dashboard=false", "--Logging:LogLevel:Default=Warning",
            "--Webhooks:InitialBackoff=00:00:00.200", "--Webhooks:MaxBackoff=00:00:01",
            // The receiver listens on loopback, which webhooks may not reach unless allowed.
            "--Webhooks:AllowedPrivateTargets:0=127.0.0.0/8", TestTokens.KeySetting);
        return _server.StartAsync(TimeSpan.FromSeconds(90));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task A_kill_and_a_restart_with_deliveries_owed_loses_none_and_sends_none_below_one_owed()
    {
        using var http = TestTokens.Client(_server.Url);
        await using var receiver = new WebhookReceiver(_secret) { FailAll = true };
        await receiver.StartAsync();
        // The city too: right after a restart an aggregate may answer before all its children are back, with a
        // lower version than it had; that must not reach the receiver after a higher one was owed.
        using var registered = await http.PostAsJsonAsync("/api/webhooks",
            new { partner = "health-bureau", url = receiver.Url, units = new[] { "4403", Community }, children = true, secret = _secret });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var id = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var sites = (await http.GetFromJsonAsync<JsonElement>($"/api/units/{Community}/children")).EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToArray();
        for (var round = 1; round <= 4; round++)
        {
            var reports = sites.Select((site, i) => new Dictionary<string, object>
            {
                ["reportId"] = $"whr-{round}-{i}",
                ["siteId"] = site,
                ["household"] = round,
                ["screenedAt"] = DateTimeOffset.UtcNow.AddMinutes(-5),
                ["screenerId"] = "w-3",
                ["residents"] = new[] { new { status = "normal" } },
            }).ToArray();
            (await http.PostAsJsonAsync("/api/reports", reports)).EnsureSuccessStatusCode();
        }

        // Wait until the outbox owes each unit its current version and the receiver has refused it at least once.
        string[] units = ["4403", Community, .. sites];
        var owed = await EventuallyAsync(async () =>
        {
            var deliveries = await DeliveriesAsync(http, id);
            var pending = new Dictionary<string, long>();
            foreach (var unit in units)
            {
                var d = deliveries[unit];
                if (d.GetProperty("failedAttempts").GetInt32() < 1 || d.GetProperty("pendingVersion").ValueKind != JsonValueKind.Number
                    || d.GetProperty("pendingVersion").GetInt64() != await VersionAsync(http, unit))
                {
                    return null;
                }

                pending[unit] = d.GetProperty("pendingVersion").GetInt64();
            }

            return pending;
        }, "every unit to owe its latest version");
        Assert.DoesNotContain(receiver.Deliveries, d => d.Acknowledged);

        _server.Kill();
        receiver.FailAll = false;
        await _server.StartAsync(TimeSpan.FromSeconds(90));

        await EventuallyAsync(async () =>
        {
            var acknowledged = receiver.Acknowledged();
            foreach (var unit in units)
            {
                if (!acknowledged.TryGetValue(unit, out var versions) || versions[^1] != await VersionAsync(http, unit))
                {
                    return null;
                }
            }

            return acknowledged;
        }, "every unit acknowledged at the server's latest version after the restart");

        var all = receiver.Deliveries;
        Assert.All(all, d => Assert.True(d.SignatureValid, $"signature of {d.Delivery}"));
        foreach (var unit in units)
        {
            var versions = all.Where(d => d.UnitId == unit).Select(d => d.Version).ToArray();
            Assert.Equal(versions.Order(), versions);
            var acknowledged = all.Where(d => d.UnitId == unit && d.Acknowledged).Select(d => d.Version).ToArray();
            Assert.True(acknowledged[0] >= owed[unit], $"{unit}: first acknowledged version {acknowledged[0]} is below {owed[unit]}, owed before the kill");
            // The same figures as before the kill: nothing lost in the journal either.
            Assert.Equal(owed[unit], await VersionAsync(http, unit));
        }
    }

    private static async Task<long> VersionAsync(HttpClient http, string unit) =>
        (await http.GetFromJsonAsync<JsonElement>($"/api/units/{unit}")).GetProperty("version").GetInt64();

    private static async Task<Dictionary<string, JsonElement>> DeliveriesAsync(HttpClient http, string id) =>
        (await http.GetFromJsonAsync<JsonElement>($"/api/webhooks/{id}")).GetProperty("deliveries").EnumerateArray()
            .ToDictionary(d => d.GetProperty("unitId").GetString()!, d => d);

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> read, string what)
        where T : class =>
        (await Eventually.UntilAsync(read, value => value is not null, what, Patience, TimeSpan.FromMilliseconds(200)))!;
}
