using System.Net.Http.Json;
using System.Text.Json;
using Canvass.Gateway.Tests;
using Microsoft.AspNetCore.SignalR.Client;

namespace Canvass.Cluster.Tests;

/// <summary>
/// A silo process (serving the API itself) and a separate gateway process. A client subscribed through the gateway
/// loses it to SIGKILL while hundreds of reports arrive through the silo; the restarted gateway is a new process
/// that never saw the client, and answers its versions from the grains'.
/// </summary>
public sealed class GatewayResumeTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("canvass-resume-");
    private readonly string _clusterId = "resume" + Guid.NewGuid().ToString("N")[..10];
    private readonly int _siloGatewayPort = Ports.Free();
    private ServerProcess _silo = null!;
    private ServerProcess _gateway = null!;

    public async Task InitializeAsync()
    {
        _silo = new ServerProcess("silo", "Canvass.Silo.dll", _folder.FullName,
            $"--Storage:SqlitePath={Path.Combine(_folder.FullName, "canvass.db")}", "--Silo:Dashboard=false",
            $"--Silo:SiloPort={Ports.Free()}", $"--Silo:GatewayPort={_siloGatewayPort}",
            $"--Cluster:ClusterId={_clusterId}", "--Logging:LogLevel:Default=Warning", TestTokens.KeySetting);
        _gateway = new ServerProcess("gateway", "Canvass.Gateway.dll", _folder.FullName,
            $"--Cluster:GatewayPort={_siloGatewayPort}", $"--Cluster:ClusterId={_clusterId}", "--Logging:LogLevel:Default=Warning", TestTokens.KeySetting);
        await _silo.StartAsync(TimeSpan.FromSeconds(120));
        await _gateway.StartAsync(TimeSpan.FromSeconds(90));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _silo.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task A_client_of_a_killed_gateway_resumes_with_its_versions_on_the_restarted_one_and_ends_exact()
    {
        const string subdistrict = "440307003";
        const string community = "440307003002";
        var units = new[] { new { id = subdistrict, children = true }, new { id = community, children = true } };
        using var silo = TestTokens.Client(_silo.Url, timeout: TimeSpan.FromSeconds(30));
        var copies = new UnitCopies();
        var resumed = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = new HubConnectionBuilder().WithUrl(new Uri(_gateway.Url, "/hubs/monitor"), TestTokens.Hub())
            .WithAutomaticReconnect(new EverySecond()).Build();
        client.OnUnits(copies.Keep);
        client.Reconnected += async _ =>
        {
            // A reconnected connection follows nothing: hand back the versions held, take what changed.
            try
            {
                var reply = await client.InvokeAsync<JsonElement>("SubscribeMany", new { units, since = copies.Versions() });
                Keep(copies, reply);
                resumed.TrySetResult(reply);
            }
            catch (Exception e)
            {
                resumed.TrySetException(e);
            }
        };
        await client.StartAsync();
        Keep(copies, await client.InvokeAsync<JsonElement>("SubscribeMany", new { units }));
        var away = copies.Versions();

        _gateway.Kill();
        var changed = Enumerable.Range(1, 8).Select(i => $"{community}-{i:000}").ToArray();
        await PostWhileAwayAsync(silo, changed, units);
        await _gateway.StartAsync(TimeSpan.FromSeconds(90));
        var caughtUp = (await resumed.Task.WaitAsync(Patience)).GetProperty("units").EnumerateArray().ToArray();

        var final = await copies.ConvergeAsync(() => ReadAsync(silo, [subdistrict, community]), Patience);
        Assert.Equal(final.Keys.Order(), copies.Versions().Keys.Order());
        foreach (var (id, summary) in final)
        {
            Assert.True(JsonElement.DeepEquals(summary, copies[id]), $"{id}: server {summary.GetRawText()}\nclient {copies[id].GetRawText()}");
        }

        Assert.All(caughtUp, s => Assert.True(UnitCopies.Version(s) > away[UnitCopies.Id(s)]));
        Assert.Superset(changed.ToHashSet(), caughtUp.Select(UnitCopies.Id).ToHashSet());
        Assert.DoesNotContain(caughtUp, s => UnitCopies.Id(s) is "440307003002-010" or "440307003002-011");
    }

    /// <summary>
    /// 30 households of each site, ten reports a batch, through the silo's API; returns once a client of the silo's
    /// own hub has been pushed the last change, so that nothing is still on its way when the gateway comes back.
    /// </summary>
    private static async Task PostWhileAwayAsync(HttpClient silo, string[] sites, object units)
    {
        await using var observer = new HubConnectionBuilder().WithUrl(new Uri(silo.BaseAddress!, "/hubs/monitor"), TestTokens.Hub()).Build();
        var seen = new UnitCopies();
        observer.OnUnits(seen.Keep);
        await observer.StartAsync();
        Keep(seen, await observer.InvokeAsync<JsonElement>("SubscribeMany", new { units }));

        var at = DateTimeOffset.UtcNow.AddMinutes(-10);
        var reports = Enumerable.Range(1, 30).SelectMany(h => sites.Select(site => (site, h))).ToArray();
        foreach (var batch in reports.Chunk(10))
        {
            var body = batch.Select(r => new Dictionary<string, object>
            {
                ["reportId"] = $"resume-{r.site}-{r.h}", ["siteId"] = r.site, ["household"] = r.h, ["screenedAt"] = at,
                ["screenerId"] = "w-3", ["residents"] = new[] { new { status = r.h % 5 == 0 ? "homeQuarantine" : "normal" } },
            });
            using var response = await silo.PostAsJsonAsync("/api/reports", body);
            response.EnsureSuccessStatusCode();
        }

        var ids = seen.Versions().Keys.ToArray();
        await seen.ConvergeAsync(async () =>
        {
            var read = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var id in ids)
            {
                read[id] = await silo.GetFromJsonAsync<JsonElement>($"/api/units/{id}");
            }

            return read;
        }, Patience);
    }

    private static async Task<Dictionary<string, JsonElement>> ReadAsync(HttpClient http, string[] withChildren)
    {
        var units = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var id in withChildren)
        {
            units[id] = await http.GetFromJsonAsync<JsonElement>($"/api/units/{id}");
            foreach (var child in (await http.GetFromJsonAsync<JsonElement>($"/api/units/{id}/children")).EnumerateArray())
            {
                units[UnitCopies.Id(child)] = child;
            }
        }

        return units;
    }

    private static void Keep(UnitCopies copies, JsonElement reply)
    {
        foreach (var summary in reply.GetProperty("units").EnumerateArray())
        {
            copies.Keep(summary);
        }
    }

    /// <summary>Retries every second for three minutes, long enough for a gateway to come back.</summary>
    private sealed class EverySecond : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
            retryContext.ElapsedTime < TimeSpan.FromMinutes(3) ? TimeSpan.FromSeconds(1) : null;
    }
}
