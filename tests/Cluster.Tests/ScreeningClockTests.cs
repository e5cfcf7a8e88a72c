using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Xunit.Abstractions;

namespace Canvass.Cluster.Tests;

/// <summary>
/// Two silos of one cluster (PostgreSQL journal, Redis membership), started at different times, each serving the
/// API: never-visited sites raise their stale alerts from one screening start for the whole deployment, wherever
/// their grains live, and keep them when silos are killed and restarted and the sites move.
/// </summary>
public sealed class ScreeningClockTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _run = "clock" + Guid.NewGuid().ToString("N")[..10];
    private readonly DirectoryInfo _logs = Directory.CreateTempSubdirectory("canvass-clock-");
    private readonly List<ServerProcess> _processes = [];
    private string _database = null!;

    public async Task InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(TestServers.PostgreSql);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {_run}", connection);
        await create.ExecuteNonQueryAsync();
        _database = new NpgsqlConnectionStringBuilder(TestServers.PostgreSql) { Database = _run }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
    }

    [Fact]
    public async Task Silos_started_at_different_times_agree_on_every_never_visited_sites_alerts_and_a_restart_keeps_them()
    {
        string[] args =
        [
            "--Cluster:Provider=Redis", $"--Cluster:RedisConnectionString={TestServers.Redis}", $"--Cluster:ClusterId={_run}",
            .. ClusterCertificates.Shared.Args("member"),
            "--Storage:Provider=PostgreSql", $"--Storage:PostgreSqlConnectionString={_database}",
            // Never-visited sites are stale a second after screening started, so their alerts are up at once.
            "--Rollup:StalePeriod=00:00:01", "--Silo:Dashboard=false", "--Logging:LogLevel:Default=Warning", TestTokens.KeySetting,
            // As CrashTests: a killed silo is declared dead in about six seconds.
            "--Orleans:ClusterMembership:ProbeTimeout=00:00:02", "--Orleans:ClusterMembership:NumMissedProbesLimit=3",
            "--Orleans:ClusterMembership:TableRefreshTimeout=00:00:05",
        ];
        var silos = Enumerable.Range(1, 2).Select(i => Add(new ServerProcess($"silo{i}", "Canvass.Silo.dll", _logs.FullName,
            [.. args, $"--Silo:SiloPort={Ports.Free()}", $"--Silo:GatewayPort={Ports.Free()}"]))).ToArray();
        // One after the other: the second starts seconds after the first, which once moved its own screening start.
        await silos[0].StartAsync(TimeSpan.FromSeconds(90));
        await silos[1].StartAsync(TimeSpan.FromSeconds(90));

        // Nothing was ever reported: every site is never visited. Spread over the city, and so over both silos.
        var sites = CrashTests.Sites().Where((_, i) => i % 150 == 0).Select(s => s.Id).ToArray();
        var first = await AlertsAsync(silos[0], sites);
        var second = await AlertsAsync(silos[1], sites);

        Assert.All(sites, id => Assert.Equal("stale", Assert.Single(first.Alerts[id]).Kind));
        var raised = Assert.Single(first.Alerts.Values.SelectMany(a => a).Select(a => a.RaisedAt).Distinct());
        output.WriteLine($"{sites.Length} never-visited sites, every stale alert raised at {raised}");
        AssertSame(first, second, "read through the second silo");

        silos[0].Kill();
        var moved = await AlertsAsync(silos[1], sites);
        AssertSame(first, moved, "after the first silo was killed");

        await silos[0].StartAsync(TimeSpan.FromSeconds(90));
        silos[1].Kill();
        var restarted = await AlertsAsync(silos[0], sites);
        AssertSame(first, restarted, "after the first silo restarted and the second was killed");
    }

    private static void AssertSame(Reading expected, Reading actual, string when)
    {
        foreach (var (site, alerts) in expected.Alerts)
        {
            Assert.True(alerts.SequenceEqual(actual.Alerts[site]), $"{site} {when}: alerts {Describe(actual.Alerts[site])}, not {Describe(alerts)}");
            Assert.True(actual.Versions[site] >= expected.Versions[site], $"{site} {when}: version {actual.Versions[site]}, below {expected.Versions[site]}");
        }

        static string Describe(IEnumerable<Alert> alerts) => string.Join(", ", alerts.Select(a => $"{a.Id} at {a.RaisedAt}"));
    }

    /// <summary>Each site's alerts and version, through one silo's API; a site on a silo just killed is read again until it has moved.</summary>
    private static async Task<Reading> AlertsAsync(ServerProcess silo, IReadOnlyList<string> sites)
    {
        using var http = TestTokens.Client(silo.Url, timeout: TimeSpan.FromSeconds(40));
        var reading = new Reading([], []);
        foreach (var site in sites)
        {
            var alerts = await ReadAsync<JsonElement>(http, $"/api/units/{site}/alerts");
            reading.Alerts[site] = [.. alerts.EnumerateArray().Select(a => new Alert(a.GetProperty("id").GetString()!, a.GetProperty("kind").GetString()!, a.GetProperty("raisedAt").GetDateTimeOffset()))];
            reading.Versions[site] = (await ReadAsync<JsonElement>(http, $"/api/units/{site}")).GetProperty("version").GetInt64();
        }

        return reading;
    }

    // A silo that is still starting refuses connections or answers 503: both are "not yet".
    private static async Task<T> ReadAsync<T>(HttpClient http, string path)
    {
        using var response = await Eventually.UntilAsync(() => http.GetAsync(path), r => r.IsSuccessStatusCode,
            $"{path} to answer", TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(500));
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    private ServerProcess Add(ServerProcess process)
    {
        _processes.Add(process);
        return process;
    }

    private sealed record Alert(string Id, string Kind, DateTimeOffset RaisedAt);

    private sealed record Reading(Dictionary<string, Alert[]> Alerts, Dictionary<string, long> Versions);
}
