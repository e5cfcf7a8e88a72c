using System.Net;

namespace Canvass.Cluster.Tests.Security;

/// <summary>
/// A Redis-clustered silo under mutual TLS, and who may join it: a gateway with a certificate of the cluster CA
/// serves; a gateway or silo without one, or with one of another CA, never joins; a clustered process without TLS
/// or without a Redis password refuses to start at all.
/// </summary>
public sealed class ClusterTlsTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(25);
    private readonly string _run = "tls" + Guid.NewGuid().ToString("N")[..10];
    private readonly DirectoryInfo _logs = Directory.CreateTempSubdirectory("canvass-tls-");
    private readonly List<ServerProcess> _processes = [];
    private ServerProcess _silo = null!;

    private string[] Common =>
    [
        "--Cluster:Provider=Redis", $"--Cluster:RedisConnectionString={TestServers.Redis}", $"--Cluster:ClusterId={_run}",
        "--Logging:LogLevel:Default=Warning", TestTokens.KeySetting,
    ];

    private string[] SiloArgs =>
    [
        .. Common, "--Silo:HostGateway=false", "--Silo:Dashboard=false", "--Storage:Provider=Memory",
        $"--Silo:SiloPort={Ports.Free()}", $"--Silo:GatewayPort={Ports.Free()}",
    ];

    public async Task InitializeAsync()
    {
        _silo = Add("silo", "Canvass.Silo.dll", [.. SiloArgs, .. ClusterCertificates.Shared.Args("silo")]);
        await _silo.StartAsync(TimeSpan.FromSeconds(90));
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_gateway_with_a_certificate_of_the_cluster_CA_serves_the_city()
    {
        var gateway = Add("gateway", "Canvass.Gateway.dll", [.. Common, .. ClusterCertificates.Shared.Args("gateway")]);
        await gateway.StartAsync(TimeSpan.FromSeconds(90));

        using var http = TestTokens.Client(gateway.Url);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/units/4403")).StatusCode);
    }

    [Fact]
    public async Task A_gateway_without_a_certificate_never_reaches_the_silo()
    {
        // AllowInsecure lets it start without TLS: the silo must still refuse it.
        var gateway = Add("plain-gateway", "Canvass.Gateway.dll", [.. Common, "--Cluster:AllowInsecure=true"]);
        await AssertNeverJoinsAsync(gateway);
    }

    [Fact]
    public async Task A_gateway_with_a_certificate_of_another_CA_never_reaches_the_silo()
    {
        var foreign = ClusterCertificates.Create("foreign");
        var gateway = Add("foreign-gateway", "Canvass.Gateway.dll", [.. Common, .. foreign.Args("gateway")]);
        await AssertNeverJoinsAsync(gateway);
    }

    [Fact]
    public async Task A_silo_with_a_certificate_of_another_CA_never_joins_and_the_cluster_keeps_serving()
    {
        var foreign = ClusterCertificates.Create("foreign");
        var intruder = Add("foreign-silo", "Canvass.Silo.dll", [.. SiloArgs, .. foreign.Args("silo")]);
        await AssertNeverJoinsAsync(intruder);

        var gateway = Add("gateway", "Canvass.Gateway.dll", [.. Common, .. ClusterCertificates.Shared.Args("gateway")]);
        await gateway.StartAsync(TimeSpan.FromSeconds(90));
        using var http = TestTokens.Client(gateway.Url);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/units/4403")).StatusCode);
    }

    [Fact]
    public async Task A_clustered_process_without_TLS_or_without_a_Redis_password_refuses_to_start()
    {
        var noTls = Add("no-tls", "Canvass.Gateway.dll", Common);
        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => noTls.StartAsync(Patience));
        Assert.Contains("Cluster:Tls is not configured", refusal.Message);

        var withoutPassword = TestServers.Redis.Split(',').Where(p => !p.StartsWith("password=", StringComparison.Ordinal));
        var noPassword = Add("no-password", "Canvass.Silo.dll",
            [.. SiloArgs, $"--Cluster:RedisConnectionString={string.Join(',', withoutPassword)}", .. ClusterCertificates.Shared.Args("silo")]);
        refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => noPassword.StartAsync(Patience));
        Assert.Contains("has no password", refusal.Message);
    }

    [Fact]
    public async Task Redis_refuses_a_process_that_has_no_password_even_when_the_check_is_turned_off()
    {
        var withoutPassword = TestServers.Redis.Split(',').Where(p => !p.StartsWith("password=", StringComparison.Ordinal));
        var silo = Add("unauthenticated", "Canvass.Silo.dll",
            [.. SiloArgs, $"--Cluster:RedisConnectionString={string.Join(',', withoutPassword)}", "--Cluster:AllowInsecure=true", .. ClusterCertificates.Shared.Args("silo")]);
        await AssertNeverJoinsAsync(silo);
        Assert.Contains("NOAUTH", File.ReadAllText(Path.Combine(_logs.FullName, "unauthenticated.log")), StringComparison.Ordinal);
    }

    /// <summary>Not ready within the patience (a gateway's readiness needs the cluster; a silo's HTTP opens once it has joined).</summary>
    private static async Task AssertNeverJoinsAsync(ServerProcess process)
    {
        var error = await Record.ExceptionAsync(() => process.StartAsync(Patience));
        Assert.True(error is TimeoutException or InvalidOperationException, $"{process.Name} became ready: {error}");
    }

    private ServerProcess Add(string name, string program, string[] args)
    {
        var process = new ServerProcess(name, program, _logs.FullName, args);
        _processes.Add(process);
        return process;
    }
}
