using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Canvass.Gateway.Auth;
using Microsoft.AspNetCore.SignalR.Client;

namespace Canvass.Cluster.Tests.Security;

/// <summary>
/// A silo and two standalone gateways, as separate processes on one key: a revocation made at one gateway is
/// enforced at the other within 10 s and closes the revoked subject's live hub connection there; a gateway whose
/// cluster is gone says "Unhealthy" and nothing more.
/// </summary>
public sealed class RevocationAcrossGatewaysTests : IAsyncLifetime
{
    private static readonly TimeSpan Enforced = TimeSpan.FromSeconds(10);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("canvass-revocations-");
    private readonly string _clusterId = "revoke" + Guid.NewGuid().ToString("N")[..10];
    private readonly int _siloGatewayPort = Ports.Free();
    private ServerProcess _silo = null!;
    private ServerProcess[] _gateways = [];

    public async Task InitializeAsync()
    {
        _silo = new ServerProcess("silo", "Canvass.Silo.dll", _folder.FullName,
            $"--Storage:SqlitePath={Path.Combine(_folder.FullName, "canvass.db")}", "--Silo:Dashboard=false",
            $"--Silo:SiloPort={Ports.Free()}", $"--Silo:GatewayPort={_siloGatewayPort}",
            $"--Cluster:ClusterId={_clusterId}", "--Logging:LogLevel:Default=Warning", TestTokens.KeySetting);
        _gateways = [.. Enumerable.Range(1, 2).Select(i => new ServerProcess($"gateway{i}", "Canvass.Gateway.dll", _folder.FullName,
            $"--Cluster:GatewayPort={_siloGatewayPort}", $"--Cluster:ClusterId={_clusterId}", "--Logging:LogLevel:Default=Warning", TestTokens.KeySetting))];
        await _silo.StartAsync(TimeSpan.FromSeconds(120));
        await Task.WhenAll(_gateways.Select(g => g.StartAsync(TimeSpan.FromSeconds(90))));
    }

    public async Task DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }

        await _silo.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task A_subject_revoked_at_one_gateway_is_refused_and_disconnected_at_the_other()
    {
        var subject = "wall-" + _clusterId;
        using var admin = TestTokens.Client(_gateways[0].Url);
        using var minted = await admin.PostAsJsonAsync("/api/tokens", new { role = Roles.Display, unit = "440304", subject });
        minted.EnsureSuccessStatusCode();
        var token = (await minted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var bystander = TestTokens.Mint(Roles.Display, "440304");

        await using var hub = await ConnectAsync(_gateways[1].Url, token);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        await hub.InvokeAsync<JsonElement>("Subscribe", "440304", false);
        await using var other = await ConnectAsync(_gateways[1].Url, bystander);

        using var revoked = await admin.PostAsJsonAsync("/api/tokens/revocations", new { subject });
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);

        var deadline = DateTime.UtcNow + Enforced;
        await closed.Task.WaitAsync(Enforced);
        // Each process refreshes on its own clock: every one refuses the token within the 10 s of the revocation.
        foreach (var server in new[] { _gateways[1], _gateways[0], _silo })
        {
            using var client = TestTokens.Client(server.Url, token);
            var left = deadline - DateTime.UtcNow;
            using var read = await Eventually.UntilAsync(() => client.GetAsync("/api/units/440304"), r => r.StatusCode == HttpStatusCode.Unauthorized,
                $"{server.Name} to refuse the revoked token within {Enforced} of the revocation", left > TimeSpan.Zero ? left : TimeSpan.Zero, TimeSpan.FromMilliseconds(200));
            Assert.Contains("revoked", await read.Content.ReadAsStringAsync());
        }

        var again = new HubConnectionBuilder().WithUrl(new Uri(_gateways[1].Url, "/hubs/monitor"), TestTokens.Hub(token)).Build();
        await using (again)
        {
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => again.StartAsync());
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        Assert.Equal(HubConnectionState.Connected, other.State);
    }

    [Fact]
    public async Task A_gateway_whose_cluster_is_gone_answers_readiness_with_the_status_word_alone()
    {
        _silo.Kill();
        using var probe = new HttpClient { BaseAddress = _gateways[0].Url };
        var ready = await Eventually.UntilAsync(() => probe.GetAsync("/health/ready"), r => r.StatusCode != HttpStatusCode.OK,
            "the gateway to stop saying ready once its silo is gone", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(250));
        using (ready)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        }

        using var live = await probe.GetAsync("/health/live");
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
    }

    private static async Task<HubConnection> ConnectAsync(Uri gateway, string token)
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(gateway, "/hubs/monitor"), TestTokens.Hub(token)).Build();
        await connection.StartAsync();
        return connection;
    }
}
