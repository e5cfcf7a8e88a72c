using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Canvass.Gateway.Auth;
using Canvass.Gateway.Tests;
using Microsoft.AspNetCore.SignalR.Client;

namespace Canvass.Cluster.Tests;

/// <summary>
/// A silo that serves the API itself and two standalone gateways, as separate processes started with one key. A
/// token minted at one gateway is good at every other, so a wall display whose gateway dies carries on at the next
/// one; a token signed with another key is refused at all of them.
/// </summary>
public sealed class GatewayTokenTests : IAsyncLifetime
{
    private const string Futian = "440304";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("canvass-tokens-");
    private readonly string _clusterId = "tokens" + Guid.NewGuid().ToString("N")[..10];
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
    public async Task A_token_minted_at_one_gateway_works_at_every_gateway_and_one_of_another_key_at_none()
    {
        ServerProcess[] all = [_silo, .. _gateways];
        var foreign = TestTokens.Mint(Roles.Admin, "4403", signingKey: SigningKeys.NewKey());
        foreach (var server in all)
        {
            using var stranger = TestTokens.Client(server.Url, foreign);
            using var read = await stranger.GetAsync("/api/units/4403");
            Assert.True(read.StatusCode == HttpStatusCode.Unauthorized, $"{server.Name}: {(int)read.StatusCode} {await read.Content.ReadAsStringAsync()}");
            Assert.Equal("Not signed in", (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
            await using var hub = new HubConnectionBuilder().WithUrl(new Uri(server.Url, "/hubs/monitor"), TestTokens.Hub(foreign)).Build();
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // An operator mints a wall display's token at gateway1.
        using var admin = TestTokens.Client(_gateways[0].Url);
        using var minted = await admin.PostAsJsonAsync("/api/tokens", new { role = Roles.Display, unit = Futian, subject = "wall-futian" });
        Assert.True(minted.IsSuccessStatusCode, $"{(int)minted.StatusCode} {await minted.Content.ReadAsStringAsync()}");
        var token = (await minted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        foreach (var server in all)
        {
            using var display = TestTokens.Client(server.Url, token);
            using var read = await display.GetAsync($"/api/units/{Futian}");
            Assert.True(read.IsSuccessStatusCode, $"{server.Name}: {(int)read.StatusCode} {await read.Content.ReadAsStringAsync()}");
        }

        // The display follows Futian at gateway1, which dies; it moves to gateway2 with the same token.
        await using (await FollowAsync(_gateways[0].Url, token))
        {
            _gateways[0].Kill();
        }

        await using var moved = await FollowAsync(_gateways[1].Url, token);
        using var silo = TestTokens.Client(_silo.Url);
        var site = CrashTests.Sites().First(s => s.Id.StartsWith(Futian, StringComparison.Ordinal)).Id;
        using var posted = await silo.PostAsJsonAsync("/api/reports", new[]
        {
            new Dictionary<string, object>
            {
                ["reportId"] = $"{_clusterId}-moved", ["siteId"] = site, ["household"] = 1, ["screenedAt"] = DateTimeOffset.UtcNow.AddMinutes(-1),
                ["screenerId"] = "w-4", ["residents"] = new[] { new { status = "normal" } },
            },
        });
        posted.EnsureSuccessStatusCode();

        var pushed = await moved.Pushed.Task.WaitAsync(Patience);
        Assert.Equal(moved.Screened + 1, Screened(pushed));
    }

    /// <summary>A hub connection at <paramref name="gateway"/> with <paramref name="token"/>, following Futian.</summary>
    private static async Task<Follower> FollowAsync(Uri gateway, string token)
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(gateway, "/hubs/monitor"), TestTokens.Hub(token)).Build();
        var follower = new Follower(connection);
        connection.OnUnits(follower.Received);
        await connection.StartAsync();
        follower.Followed(await connection.InvokeAsync<JsonElement>("Subscribe", Futian, false));
        return follower;
    }

    private static long Screened(JsonElement summary) => summary.GetProperty("screenedHouseholds").GetInt64();

    /// <summary>
    /// A display's connection: <see cref="Pushed"/> completes with the first push of Futian that counts more screened
    /// households than its snapshot did (pushes before the snapshot's reply count for nothing).
    /// </summary>
    private sealed class Follower(HubConnection connection) : IAsyncDisposable
    {
        private long _screened = long.MaxValue;

        public TaskCompletionSource<JsonElement> Pushed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long Screened => Interlocked.Read(ref _screened);

        public void Followed(JsonElement snapshot) => Interlocked.Exchange(ref _screened, GatewayTokenTests.Screened(snapshot.GetProperty("unit")));

        public void Received(JsonElement summary)
        {
            if (UnitCopies.Id(summary) == Futian && GatewayTokenTests.Screened(summary) > Screened)
            {
                Pushed.TrySetResult(summary);
            }
        }

        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}
