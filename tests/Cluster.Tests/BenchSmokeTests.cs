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
        var (exit, output) = await RunBenchAsync([scenario, "--url", Server.Url.ToString().TrimEnd('/'), "--token", TestTokens.Admin, .. options]);

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
