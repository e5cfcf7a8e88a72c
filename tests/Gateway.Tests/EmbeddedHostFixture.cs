using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Canvass.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Canvass.Gateway.Tests;

/// <summary>
/// The real embedded host (silo, REST API, hub and dashboard in one process) on a real Kestrel port, started the way
/// <c>dotnet run --project src/Silo</c> starts it, with free ports so that test runs do not collide.
/// </summary>
public sealed class EmbeddedHostFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("canvass-test-");
    private WebApplication _app = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = SiloHost.Build(
        [
            "--urls", "http://127.0.0.1:0",
            $"--Silo:SiloPort={FreePort()}",
            $"--Silo:GatewayPort={FreePort()}",
            "--Logging:LogLevel:Default=Warning",
            $"--Storage:SqlitePath={Path.Combine(_data.FullName, "canvass.db")}",
            // History points every second instead of every minute, so that the history tests see one promptly.
            "--History:Interval=00:00:01",
            // Event stream heartbeats every second instead of every 15, so that a test sees one promptly.
            "--Push:StreamHeartbeatInterval=00:00:01",
        ]);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address);
        Http = new HttpClient { BaseAddress = BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _data.Delete(recursive: true);
    }

    public async Task<HubConnection> ConnectAsync()
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(BaseAddress, "/hubs/monitor")).Build();
        await connection.StartAsync();
        return connection;
    }

    public Task<HttpResponseMessage> PostReportsAsync(string body, string contentType = "application/json") =>
        Http.PostAsync("/api/reports", new StringContent(body, Encoding.UTF8, contentType));

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class EmbeddedHostCollection : ICollectionFixture<EmbeddedHostFixture>
{
    public const string Name = "embedded host";
}
