using Canvass.Silo.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Canvass.Gateway.Tests;

/// <summary>A bad setting stops the real host's start with a message naming it: the silo process and the standalone gateway.</summary>
public class OptionsValidationTests
{
    [Theory]
    [InlineData("--Storage:Provider=PostgreSql", "Storage:PostgreSqlConnectionString is required when Storage:Provider is PostgreSql.")]
    [InlineData("--Storage:Writers=0", "Storage:MaxRecordsPerCommit, Storage:MaxConcurrentLoads and Storage:Writers must be positive.")]
    [InlineData("--CasePlaces:CheckInterval=00:00:00", "CasePlaces:CheckInterval must be positive.")]
    [InlineData("--Uploads:Shift=19:00-07:00", "Uploads:Shift must be a daily window of registry time as HH:mm-HH:mm")]
    [InlineData("--Ingest:MaxBytesInFlight=1", "Ingest:MaxBytesInFlight must be at least Ingest:MaxBodyBytes")]
    [InlineData("--Journal:CompactionInterval=00:00:00", "Journal:CompactionInterval must be positive.")]
    [InlineData("--Push:KeepAliveInterval=00:00:00", "Push:KeepAliveInterval must be positive.")]
    [InlineData("--Limits:WritesPerSecond=0", "Limits:WritesPerSecond and Limits:WriteBurst must be positive.")]
    [InlineData("--Auth:TokenLifetime=40.00:00:00", "Auth:TokenLifetime must be positive and at most Auth:MaxTokenLifetime.")]
    [InlineData("--Auth:SigningKey=c2VjcmV0", "The signing key in Auth:SigningKey has 6 bytes")]
    [InlineData("--Management:Urls=http://127.0.0.1:0", "Management:Urls 'http://127.0.0.1:0' needs a port of its own")]
    [InlineData("--Cluster:GatewayPort=70000", "Cluster:GatewayPort must be a port number (1 to 65535).")]
    [InlineData("--ForwardedHeaders:KnownProxies:0=proxy.local", "ForwardedHeaders:KnownProxies: 'proxy.local' is not an IP address.")]
    [InlineData("--Silo:AdvertisedAddress=silo-1", "Silo:AdvertisedAddress 'silo-1' is not an IP address.")]
    [InlineData("--Silo:SiloPort=eleven", "'Silo:SiloPort'")]
    [InlineData("--Registry:Path=", "Registry:Path must name the registry manifest (registry.json).")]
    [InlineData("--Tracing:OtlpEndpoint=collector:4317", "Tracing:OtlpEndpoint must be an absolute http or https address")]
    public async Task The_silo_host_does_not_start_with_a_bad_setting(string setting, string message)
    {
        var data = Directory.CreateTempSubdirectory("canvass-options-");
        try
        {
            // Sections that shape the host are refused while it is composed, the others when it starts: either way
            // before it serves anything.
            var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
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
                await app.StartAsync();
            });

            Assert.Contains(message, failure.Message);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("History:Interval must be positive and divide an hour evenly", "migrate", "--Storage:Provider=Memory", "--History:Interval=00:07:00")]
    [InlineData("History:LateWindow must be positive", "migrate", "--Storage:Provider=Memory", "--History:LateWindow=00:00:00")]
    [InlineData("Storage:MaxRecordsPerCommit, Storage:MaxConcurrentLoads and Storage:Writers must be positive.", "migrate", "--Storage:Provider=Memory", "--Storage:Writers=0")]
    [InlineData("Auth:RevocationRefreshInterval must be positive.", "token", "--role", "admin", "--unit", "4403", "--Auth:RevocationRefreshInterval=00:00:00")]
    public async Task The_silo_commands_refuse_a_bad_setting_with_the_validators_of_the_host(string message, params string[] args)
    {
        // The commands read their sections without a host, through the same validators its start runs.
        var (code, output, error) = await Auth.SiloProcess.RunAsync(args);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task The_hub_pings_at_the_push_keep_alive_of_PushOptions()
    {
        // The hub's ping interval has no default of its own: it is Push:KeepAliveInterval, as PushOptions holds it.
        var key = $"--Auth:SigningKey={Canvass.Gateway.Auth.SigningKeys.NewKey()}";
        await using var configured = SiloHost.Build(["--urls", "http://127.0.0.1:0", key, "--Push:KeepAliveInterval=00:00:07"]);
        await using var unset = SiloHost.Build(["--urls", "http://127.0.0.1:0", key]);

        Assert.Equal(TimeSpan.FromSeconds(7), configured.Services.GetRequiredService<IOptions<HubOptions>>().Value.KeepAliveInterval);
        Assert.Equal(new Canvass.Gateway.Push.PushOptions().KeepAliveInterval, unset.Services.GetRequiredService<IOptions<HubOptions>>().Value.KeepAliveInterval);
    }

    [Theory]
    [InlineData("--CasePlaces:CheckInterval=-00:00:01", "CasePlaces:CheckInterval must be positive.")]
    [InlineData("--Cluster:Provider=Redis", "Cluster:Provider is Redis but Cluster:RedisConnectionString is not set")]
    [InlineData("--Limits:MaxHubMessageBytes=0", "Limits:MaxHubMessageBytes must be positive.")]
    public async Task The_standalone_gateway_does_not_start_with_a_bad_setting(string setting, string message)
    {
        // The gateway reads each section from the same options class as the silos, so it refuses what they would.
        var logs = Directory.CreateTempSubdirectory("canvass-options-");
        try
        {
            await using var gateway = new ServerProcess("bad-setting", "Canvass.Gateway.dll", logs.FullName,
                $"--Management:Urls=http://127.0.0.1:{Ports.Free()}",
                setting,
                $"--Auth:SigningKey={Canvass.Gateway.Auth.SigningKeys.NewKey()}");

            var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => gateway.StartAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains(message, refusal.Message);
        }
        finally
        {
            logs.Delete(recursive: true);
        }
    }
}
