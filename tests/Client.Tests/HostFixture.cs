using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Canvass.Gateway.Auth;
using Canvass.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Canvass.Client.Tests;

/// <summary>
/// The real embedded host (silo, REST API and hub in one process) on a real Kestrel port, started as
/// <c>dotnet run --project src/Silo</c> starts it, with free ports, its own journal and a signing key of its own.
/// </summary>
public sealed class HostFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("canvass-client-test-");
    private readonly string _key = SigningKeys.NewKey();
    private WebApplication _app = null!;
    private TokenIssuer _issuer = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Straight to the server as an admin of the whole registry, bypassing the client under test: what the server says, as JSON.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>An admin of the whole registry: reads, writes and acknowledges anywhere, and is not rate limited.</summary>
    public string AdminToken { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = SiloHost.Build(
        [
            "--urls", "http://127.0.0.1:0",
            $"--Silo:SiloPort={FreePort()}",
            $"--Silo:GatewayPort={FreePort()}",
            "--Silo:Dashboard=false",
            "--Logging:LogLevel:Default=Warning",
            $"--Storage:SqlitePath={Path.Combine(_data.FullName, "canvass.db")}",
            // A history point every second, so that the history read has one promptly.
            "--History:Interval=00:00:01",
            $"--Auth:SigningKey={_key}",
        ]);
        await _app.StartAsync();
        // As a load balancer would: readers come once the host is ready, the tree rebuilt (else reads answer 503).
        await _app.Services.GetRequiredService<Canvass.Grains.Hosting.RegistryWarmup>().WhenDone.WaitAsync(TimeSpan.FromSeconds(120));
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address);
        _issuer = _app.Services.GetRequiredService<TokenIssuer>();
        AdminToken = Mint(Roles.Admin, "4403", TimeSpan.FromHours(1)).Token;
        Http = new HttpClient { BaseAddress = BaseAddress };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
    }

    /// <summary>A token signed with the host's key, as <c>POST /api/tokens</c> or the token command would mint it.</summary>
    public MintedToken Mint(string role, string unit, TimeSpan lifetime) => _issuer.Mint($"{role}-{unit}", role, unit, lifetime);

    /// <summary>Options for a client under test that sends <paramref name="token"/> (the admin's by default).</summary>
    public CanvassClientOptions Options(string? token = null) => new() { AccessToken = token ?? AdminToken };

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _data.Delete(recursive: true);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>The server's current version of a unit and of each of its children.</summary>
    public async Task<Dictionary<string, long>> VersionsAsync(string unitId)
    {
        var versions = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            [unitId] = (await GetJsonAsync($"/api/units/{unitId}")).GetProperty("version").GetInt64(),
        };
        foreach (var child in (await GetJsonAsync($"/api/units/{unitId}/children")).EnumerateArray())
        {
            versions[child.GetProperty("id").GetString()!] = child.GetProperty("version").GetInt64();
        }

        return versions;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<HostFixture>
{
    public const string Name = "client host";
}
