using System.Text.Json;
using Npgsql;
using Xunit.Abstractions;

namespace Canvass.Cluster.Tests;

/// <summary>
/// Three silos and two gateways as separate processes on loopback, PostgreSQL journal, Redis membership. Silos are
/// killed with SIGKILL while reports keep coming; nothing acknowledged may be lost or counted twice.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _run = "crash" + Guid.NewGuid().ToString("N")[..10];
    private readonly DirectoryInfo _logs = Directory.CreateTempSubdirectory("canvass-crash-");
    private string _database = null!;
    private readonly List<ServerProcess> _processes = [];

    public async Task InitializeAsync()
    {
        var admin = TestServers.PostgreSql;
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_run}", connection);
            await create.ExecuteNonQueryAsync();
        }

        _database = new NpgsqlConnectionStringBuilder(admin) { Database = _run }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
    }

    [Fact]
    public async Task Killing_silos_under_load_loses_no_acknowledged_report_and_counts_none_twice()
    {
        string[] common =
        [
            "--Cluster:Provider=Redis", $"--Cluster:RedisConnectionString={TestServers.Redis}", $"--Cluster:ClusterId={_run}",
            .. ClusterCertificates.Shared.Args("member"),
            "--Logging:LogLevel:Default=Warning", TestTokens.KeySetting,
        ];
        string[] silo =
        [
            .. common, "--Silo:HostGateway=false", "--Silo:Dashboard=false",
            "--Storage:Provider=PostgreSql", $"--Storage:PostgreSqlConnectionString={_database}",
            // Declare a killed silo dead in about six seconds rather than the production default; not faster, or a
            // silo merely slowed by this 2-core machine's load gets voted dead too.
            "--Orleans:ClusterMembership:ProbeTimeout=00:00:02", "--Orleans:ClusterMembership:NumMissedProbesLimit=3",
            "--Orleans:ClusterMembership:TableRefreshTimeout=00:00:05",
        ];
        var silos = Enumerable.Range(1, 3).Select(i => Add(new ServerProcess($"silo{i}", "Canvass.Silo.dll", _logs.FullName,
            [.. silo, $"--Silo:SiloPort={Ports.Free()}", $"--Silo:GatewayPort={Ports.Free()}"]))).ToArray();
        var gateways = Enumerable.Range(1, 2).Select(i => Add(new ServerProcess($"gateway{i}", "Canvass.Gateway.dll", _logs.FullName, common))).ToArray();
        foreach (var s in silos)
        {
            await s.StartAsync(TimeSpan.FromSeconds(90));
        }

        await Task.WhenAll(gateways.Select(g => g.StartAsync(TimeSpan.FromSeconds(90))));

        await using var display = await CityWatcher.StartAsync(gateways[1].Url);
        var sites = Sites().Where((_, i) => i % 40 == 0).ToArray();
        var load = new ReportLoad([gateways[0].Url, gateways[1].Url], sites, _run);
        using var stop = new CancellationTokenSource();
        var posting = Task.Run(() => load.RunAsync(stop.Token));

        var phases = new List<(string Name, DateTime From, DateTime To)>();
        async Task PhaseAsync(string name, TimeSpan length)
        {
            var from = DateTime.UtcNow;
            await Task.Delay(length);
            phases.Add((name, from, DateTime.UtcNow));
        }

        await PhaseAsync("all up", TimeSpan.FromSeconds(8));
        var kills = new List<DateTime> { DateTime.UtcNow };
        silos[0].Kill();
        await PhaseAsync("silo1 killed", TimeSpan.FromSeconds(25));
        kills.Add(DateTime.UtcNow);
        silos[1].Kill();
        await PhaseAsync("silo1 and silo2 killed", TimeSpan.FromSeconds(25));
        await Task.WhenAll(silos[0].StartAsync(TimeSpan.FromSeconds(90)), silos[1].StartAsync(TimeSpan.FromSeconds(90)));
        await PhaseAsync("restarted", TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await posting;

        var journal = await JournalAudit.ReadAsync(_database);
        var lost = load.Acknowledged.Keys.Where(id => !journal.ReportIds.Contains(id)).ToArray();
        output.WriteLine($"acknowledged {load.Acknowledged.Count}, in journal {journal.ReportIds.Count}, lost {lost.Length}, " +
            $"failed or refused posts {load.Failures}, duplicate rows {journal.DuplicateRows}");
        foreach (var (name, from, to) in phases)
        {
            output.WriteLine($"{name}: {display.UpdatesBetween(from, to)} city updates at gateway2 in {(to - from).TotalSeconds:0} s");
        }

        Assert.True(load.Acknowledged.Count > 1000, $"only {load.Acknowledged.Count} reports were acknowledged");
        Assert.Empty(lost);
        Assert.Equal(0, journal.DuplicateRows);
        // Updates keep coming: the longest silence at the display after the first kill is printed and held to a
        // generous bound (the dead silo's grains must come back on the others first).
        var times = display.Updates.Select(u => u.At).Where(at => at >= kills[0]).Prepend(kills[0]).Append(phases[^1].To).Order().ToArray();
        var (longest, silentFrom) = times.Zip(times.Skip(1)).Select(p => (p.Second - p.First, p.First)).Max();
        output.WriteLine($"longest silence at gateway2 after the first kill: {longest.TotalSeconds:0.0} s, from {silentFrom:HH:mm:ss.f} (kills at {string.Join(", ", kills.Select(k => k.ToString("HH:mm:ss.f")))})");
        Assert.True(longest < TimeSpan.FromSeconds(60), $"the display heard nothing for {longest} from {silentFrom:O}");

        Assert.True(display.UpdatesBetween(phases[^1].From, phases[^1].To) > 0, "no city update reached gateway2 after the restarts");

        // The city converges to exactly what the journal implies (pushes, or the sweep within its minute).
        var city = await display.WaitForAsync(
            s => s.GetProperty("screenedHouseholds").GetInt64() == journal.Screened
                && s.GetProperty("residents").GetProperty("fever").GetInt64() == journal.Fever
                && s.GetProperty("residents").GetProperty("normal").GetInt64() == journal.Normal,
            TimeSpan.FromSeconds(120), $"{journal.Screened} screened, {journal.Fever} fever, {journal.Normal} normal");
        output.WriteLine($"city: {city}");

        // A standalone gateway has no store: it reads the city's history through the silos' history grain.
        using var http = TestTokens.Client(gateways[0].Url);
        using var history = await http.GetAsync("/api/units/4403/history");
        var body = await history.Content.ReadAsStringAsync();
        Assert.True(history.IsSuccessStatusCode, $"history through gateway1: {(int)history.StatusCode} {body}");
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(body).RootElement.ValueKind);
    }

    private ServerProcess Add(ServerProcess process)
    {
        _processes.Add(process);
        return process;
    }

    internal static IReadOnlyList<(string Id, int Households)> Sites() =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "data", "shenzhen", "shenzhen-sites.csv")).Skip(1)
            .Select(line => line.Split(','))
            .Select(f => (f[0], int.Parse(f[^1], System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();
}
