using System.Net.Http.Headers;
using Canvass.Gateway.Auth;
using Microsoft.Playwright;

namespace Canvass.Browser.Tests;

/// <summary>
/// A silo process (no gateway in it, SQLite journal in a temporary folder, localhost clustering) and a separate
/// gateway process (an Orleans client) that serves the pages, so that the gateway alone can be killed and started
/// again; and one headless Chromium. Everything is stopped and the folder removed at the end. The gateways sign
/// with a key of the fixture's, so that tests mint the tokens the pages sign in with.
/// </summary>
public sealed class BrowserCluster : IAsyncLifetime
{
    private readonly string _clusterId = "browser" + Guid.NewGuid().ToString("N")[..10];
    private readonly int _siloGatewayPort = Ports.Free();
    private readonly string _signingKey = SigningKeys.NewKey();
    private readonly TokenIssuer _issuer;
    private readonly List<ServerProcess> _processes = [];
    private IPlaywright? _playwright;
    private bool _disposed;

    public BrowserCluster() =>
        _issuer = new TokenIssuer(new AuthOptions(), SigningKeys.Resolve(new AuthOptions { SigningKey = _signingKey })!, TimeProvider.System);

    public DirectoryInfo Folder { get; } = Directory.CreateTempSubdirectory("canvass-browser-");

    public ServerProcess Silo { get; private set; } = null!;

    /// <summary>The gateway the pages are served by.</summary>
    public ServerProcess Gateway { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The pages' gateway, as an admin of the whole registry (admins are not rate limited).</summary>
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        // The browser first: a machine without Chromium fails at once, not after the servers' start-up.
        (_playwright, Browser) = await Chromium.LaunchAsync();
        Silo = Track(new ServerProcess("silo", "Canvass.Silo.dll", Folder.FullName,
            $"--Storage:SqlitePath={Path.Combine(Folder.FullName, "canvass.db")}",
            "--Silo:HostGateway=false", "--Silo:Dashboard=false",
            $"--Silo:SiloPort={Ports.Free()}", $"--Silo:GatewayPort={_siloGatewayPort}",
            $"--Cluster:ClusterId={_clusterId}", "--Logging:LogLevel:Default=Warning"));
        await Silo.StartAsync(TimeSpan.FromSeconds(120));
        Gateway = await StartGatewayAsync("gateway");
        Http = Client(Gateway.Url);
    }

    /// <summary>A token the gateways accept, minted with their key.</summary>
    public string Token(string role, string unit, TimeSpan? lifetime = null, string? subject = null) =>
        _issuer.Mint(subject ?? $"browser-{role}-{unit}", role, unit, lifetime ?? TimeSpan.FromHours(1)).Token;

    /// <summary>A client of a gateway that sends an admin token of the whole registry.</summary>
    public HttpClient Client(Uri gateway)
    {
        var client = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(Roles.Admin, "4403"));
        return client;
    }

    /// <summary>Starts another gateway process on the silo; stopped with the fixture.</summary>
    public async Task<ServerProcess> StartGatewayAsync(string name)
    {
        var gateway = Track(new ServerProcess(name, "Canvass.Gateway.dll", Folder.FullName,
            $"--Cluster:GatewayPort={_siloGatewayPort}", $"--Cluster:ClusterId={_clusterId}",
            $"--Auth:SigningKey={_signingKey}", "--Logging:LogLevel:Default=Warning"));
        await gateway.StartAsync(TimeSpan.FromSeconds(90));
        return gateway;
    }

    /// <summary>Stops a gateway that <see cref="StartGatewayAsync"/> started, before the fixture ends.</summary>
    public async Task StopAsync(ServerProcess gateway)
    {
        _processes.Remove(gateway);
        await gateway.DisposeAsync();
    }

    /// <summary>A fresh browser context (own storage, so two of them are two people) on the pages' gateway.</summary>
    public Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 900) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Gateway.Url.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
            TimezoneId = "Asia/Shanghai",
        });

    /// <summary>The last lines of every process's log, for a failure message.</summary>
    public string Logs() => string.Join("\n", _processes.Select(p => $"--- {p.Name}\n{p.Tail()}"));

    public async Task DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Http?.Dispose();
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        Folder.Delete(recursive: true);
    }

    private ServerProcess Track(ServerProcess process)
    {
        _processes.Add(process);
        return process;
    }
}
