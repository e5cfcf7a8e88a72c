using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Canvass.Gateway.Auth;
using Canvass.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Canvass.TestSupport;

/// <summary>
/// The real embedded host (silo, REST API, hub and dashboard in one process) on a real Kestrel port, started the way
/// <c>dotnet run --project src/Silo</c> starts it, with free ports so that test runs do not collide, its own journal
/// and a signing key of its own. <see cref="Http"/> and <see cref="ConnectAsync"/> carry an admin token of the whole
/// registry. Test projects derive their collection fixtures from it, adding settings.
/// </summary>
public class EmbeddedHost : IAsyncLifetime
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("canvass-test-");
    private readonly string _key = SigningKeys.NewKey();
    private WebApplication _app = null!;
    private TokenIssuer _issuer = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>An admin of the whole registry.</summary>
    public HttpClient Http { get; private set; } = null!;

    public string AdminToken { get; private set; } = null!;

    /// <summary>The host's services, for what only the app knows (its endpoints).</summary>
    public IServiceProvider Services => _app.Services;

    private readonly string[] extra;
    private readonly string[] _targets;

    /// <summary>The settings that let webhooks reach the tests' receivers on loopback, and nothing else inside.</summary>
    public static readonly string[] LoopbackTargets = ["--Webhooks:AllowedPrivateTargets:0=127.0.0.0/8", "--Webhooks:AllowedPrivateTargets:1=::1/128"];

    /// <param name="settings">More settings, after the defaults (so they win): limits, proxies, windows.</param>
    /// <param name="allowLoopbackTargets">Whether webhooks may reach the tests' receivers on loopback.</param>
    /// <param name="clockStart">
    /// When set, screening time (the grains' clock and the gateway's bounds on posted times) runs on <see cref="Clock"/>,
    /// a fake clock starting there and moved only by the test; tokens, pushes, limits and Orleans keep real time.
    /// Start it in the past, so that every time posted is also one the real clock has passed.
    /// </param>
    public EmbeddedHost(string[]? settings = null, bool allowLoopbackTargets = true, DateTimeOffset? clockStart = null)
    {
        extra = settings ?? [];
        _targets = allowLoopbackTargets ? LoopbackTargets : [];
        Clock = clockStart is { } start ? new FakeTimeProvider(start) : null;
    }

    /// <summary>Screening time, when the host runs on a fake clock (see the constructor); null on the real one.</summary>
    public FakeTimeProvider? Clock { get; }

    public virtual async Task InitializeAsync()
    {
        _app = SiloHost.Build(
        [
            "--urls", "http://127.0.0.1:0",
            $"--Silo:SiloPort={Ports.Free()}",
            $"--Silo:GatewayPort={Ports.Free()}",
            "--Logging:LogLevel:Default=Warning",
            $"--Storage:SqlitePath={Path.Combine(_data.FullName, "canvass.db")}",
            // History points every second instead of every minute, so that the history tests see one promptly.
            "--History:Interval=00:00:01",
            // Retries within a test's patience: 200 ms, 400 ms, ... at most 1 s apart instead of 1 s ... 5 min.
            "--Webhooks:InitialBackoff=00:00:00.200",
            "--Webhooks:MaxBackoff=00:00:01",
            // The receivers of the tests listen on loopback, which webhooks may not reach unless allowed.
            .. _targets,
            // Event stream heartbeats every second instead of every 15, so that a test sees one promptly.
            "--Push:StreamHeartbeatInterval=00:00:01",
            $"--Auth:SigningKey={_key}",
            .. extra,
        ], services =>
        {
            if (Clock is not null)
            {
                services.AddSingleton(new Canvass.Grains.Rollup.ScreeningClock(Clock));
                services.AddSingleton(new Canvass.Gateway.Ingest.ObservationClock(Clock));
            }
        });
        await _app.StartAsync();
        // As a load balancer would: readers come once the host is ready, the tree rebuilt (else reads answer 503).
        await _app.Services.GetRequiredService<Canvass.Grains.Hosting.RegistryWarmup>().WhenDone.WaitAsync(TimeSpan.FromSeconds(120));
        // Until it holds the revoked tokens, the gateway refuses every token.
        await _app.Services.GetRequiredService<RevocationList>().WhenLoaded.WaitAsync(TimeSpan.FromSeconds(60));
        var management = _app.Services.GetRequiredService<Canvass.Gateway.Hosting.ManagementPorts>();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
            .First(a => !management.Contains(new Uri(a).Port));
        BaseAddress = new Uri(address);
        _issuer = _app.Services.GetRequiredService<TokenIssuer>();
        AdminToken = Token(Roles.Admin, "4403", "test-admin");
        Http = Client(AdminToken);
    }

    /// <summary>The key the host signs and checks tokens with, base64.</summary>
    public string Key => _key;

    /// <summary>A token minted with the host's key.</summary>
    public string Token(string role, string unit, string? subject = null, TimeSpan? lifetime = null) =>
        Mint(role, unit, subject, lifetime).Token;

    /// <summary>A token with its id and expiry, as <c>POST /api/tokens</c> or the token command would mint it.</summary>
    public MintedToken Mint(string role, string unit, string? subject = null, TimeSpan? lifetime = null) =>
        _issuer.Mint(subject ?? $"{role}-{unit}", role, unit, lifetime ?? TimeSpan.FromHours(1));

    /// <summary>A client of the host that sends this token (none when null).</summary>
    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _data.Delete(recursive: true);
    }

    public async Task<HubConnection> ConnectAsync(string? token = null)
    {
        token ??= AdminToken;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(BaseAddress, "/hubs/monitor"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
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
}
