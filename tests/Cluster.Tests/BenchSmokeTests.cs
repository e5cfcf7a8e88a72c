using System.Diagnostics;

namespace Canvass.Cluster.Tests;

/// <summary>
/// A short run of each load-generator scenario against the real embedded host, so that the benchmark cannot rot.
/// It checks that the scenarios run and lose nothing; the figures themselves are never asserted.
/// </summary>
public sealed class BenchSmokeTests(EmbeddedServer embedded) : IClassFixture<EmbeddedServer>
{
    private ServerProcess Server => embedded.Process;

    [Theory]
    [InlineData("ingest", "--duration", "2", "--warmup", "1", "--senders", "4", "--batch", "200")]
    [InlineData("freshness", "--count", "10", "--interval", "100", "--warmup", "1", "--drain", "2", "--rate", "500")]
    [InlineData("fanout", "--connections", "50", "--duration", "2", "--warmup", "1", "--rate", "500")]
    public async Task A_short_run_of_the_scenario_completes_with_nothing_lost(string scenario, params string[] options)
    {
        var (exit, output) = await RunBenchAsync([scenario, "--url", Server.Url.ToString().TrimEnd('/'), "--metrics-url", embedded.ManagementUrl, "--token", TestTokens.Admin, .. options]);

        Assert.True(exit == 0, $"bench {scenario} exited with {exit}:\n{output}");
        Assert.Contains("result: ", output);
    }

    [Fact]
    public async Task The_storage_scenario_measures_the_journal_backends()
    {
        var (exit, output) = await RunBenchAsync(["storage", "--duration", "1", "--postgres", TestServers.PostgreSql]);

        Assert.True(exit == 0, $"bench storage exited with {exit}:\n{output}");
        Assert.Contains("sqlite", output);
        Assert.Contains("postgresql", output);
    }

    [Fact]
    public async Task The_campaign_scenario_restarts_its_own_server_after_every_round_and_writes_every_round()
    {
        // A server of the scenario's own, not the fixture's: the scenario kills it with SIGKILL after each round.
        var folder = Directory.CreateTempSubdirectory("canvass-campaign-");
        try
        {
            var journal = Path.Combine(folder.FullName, "canvass.db");
            var result = Path.Combine(folder.FullName, "campaign.json");
            var url = $"http://127.0.0.1:{Ports.Free()}";
            var management = $"http://127.0.0.1:{Ports.Free()}";
            var (exit, output) = await RunAsync(folder.FullName,
                ["campaign", "--url", url, "--metrics-url", management, "--token", TestTokens.Admin, "--rounds", "2", "--max-sites", "3", "--senders", "2", "--batch", "200",
                    "--journal", journal, "--out", result, "--sites", Path.Combine(AppContext.BaseDirectory, "data", "shenzhen", "shenzhen-sites.csv"),
                    "--", "dotnet", Path.Combine(AppContext.BaseDirectory, "Canvass.Silo.dll"), "--urls", url, $"--Management:Urls={management}", $"--Storage:SqlitePath={journal}",
                    $"--Silo:SiloPort={Ports.Free()}", $"--Silo:GatewayPort={Ports.Free()}",
                    "--Silo:Dashboard=false", "--Logging:LogLevel:Default=Warning", TestTokens.KeySetting]);

            Assert.True(exit == 0, $"bench campaign exited with {exit}:\n{output}");
            using var written = System.Text.Json.JsonDocument.Parse(File.ReadAllText(result));
            var rounds = written.RootElement.GetProperty("rounds");
            Assert.Equal(2, rounds.GetArrayLength());
            Assert.All(rounds.EnumerateArray(), round =>
            {
                Assert.True(round.GetProperty("journalBytes").GetInt64() > 0);
                Assert.Equal(System.Text.Json.JsonValueKind.Number, round.GetProperty("restart").GetProperty("killToExactSeconds").ValueKind);
            });
            Assert.Equal(4, written.RootElement.GetProperty("verdicts").GetArrayLength());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private Task<(int Exit, string Output)> RunBenchAsync(string[] args) =>
        RunAsync(embedded.Folder.FullName, [.. args, "--sites", Path.Combine(AppContext.BaseDirectory, "data", "shenzhen", "shenzhen-sites.csv")]);

    /// <summary>Runs the load generator as its own process in <paramref name="folder"/>; its exit code and everything it printed.</summary>
    internal static async Task<(int Exit, string Output)> RunAsync(string folder, string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Canvass.Bench.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var bench = Process.Start(info)!;
        var stdout = bench.StandardOutput.ReadToEndAsync();
        var stderr = bench.StandardError.ReadToEndAsync();
        await bench.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (bench.ExitCode, await stdout + await stderr);
    }
}
