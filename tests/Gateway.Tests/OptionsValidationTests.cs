using Canvass.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace Canvass.Gateway.Tests;

/// <summary>A bad setting stops the real host's start with a message naming it: the silo process and the standalone gateway.</summary>
public class OptionsValidationTests
{
    [Theory]
    [InlineData("--Storage:Provider=PostgreSql", "Storage:PostgreSqlConnectionString is required when Storage:Provider is PostgreSql.")]
    [InlineData("--Storage:Writers=0", "Storage:MaxRecordsPerCommit, Storage:MaxConcurrentLoads and Storage:Writers must be positive.")]
    [InlineData("--CasePlaces:CheckInterval=00:00:00", "CasePlaces:CheckInterval must be positive.")]
    [InlineData("--Ingest:MaxBytesInFlight=1", "Ingest:MaxBytesInFlight must be at least Ingest:MaxBodyBytes")]
    [InlineData("--Journal:CompactionInterval=00:00:00", "Journal:CompactionInterval must be positive.")]
    public async Task The_silo_host_does_not_start_with_a_bad_setting(string setting, string message)
    {
        var data = Directory.CreateTempSubdirectory("canvass-options-");
        try
        {
            await using var app = SiloHost.Build(
            [
                "--urls", "http://127.0.0.1:0",
                $"--Silo:SiloPort={Ports.Free()}",
                $"--Silo:GatewayPort={Ports.Free()}",
                $"--Management:Urls=http://127.0.0.1:{Ports.Free()}",
                "--Logging:LogLevel:Default=Warning",
                $"--Storage:SqlitePath={Path.Combine(data.FullName, "canvass.db")}",
                setting,
            ]);

            var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

            Assert.Contains(message, failure.Message);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_standalone_gateway_does_not_start_with_a_bad_case_places_setting()
    {
        // The gateway reads CasePlaces from the same options class as the silos, so it refuses what they would.
        var logs = Directory.CreateTempSubdirectory("canvass-options-");
        try
        {
            await using var gateway = new ServerProcess("bad-case-places", "Canvass.Gateway.dll", logs.FullName,
                $"--Management:Urls=http://127.0.0.1:{Ports.Free()}",
                "--CasePlaces:CheckInterval=-00:00:01",
                $"--Auth:SigningKey={Canvass.Gateway.Auth.SigningKeys.NewKey()}");

            var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => gateway.StartAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("CasePlaces:CheckInterval must be positive.", refusal.Message);
        }
        finally
        {
            logs.Delete(recursive: true);
        }
    }
}
