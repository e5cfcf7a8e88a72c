using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Canvass.Client.Tests;

/// <summary>
/// A hub as the server had it before the resume protocol: <c>Subscribe(unitId, includeChildren)</c> and
/// <c>UnitChanged</c>, no <c>SubscribeMany</c>; over summaries the test sets, so that it can also make versions go
/// back as a restarted Memory store does. The real server no longer offers this path, and partners' servers may.
/// </summary>
public sealed class LegacyServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LegacyServer(WebApplication app, Uri address)
    {
        _app = app;
        BaseAddress = address;
    }

    public Uri BaseAddress { get; }

    public Units Store => _app.Services.GetRequiredService<Units>();

    public static async Task<LegacyServer> StartAsync(params UnitSummary[] units)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSignalR();
        builder.Services.AddSingleton(new Units(units));
        var app = builder.Build();
        app.MapHub<OldMonitorHub>("/hubs/monitor");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new LegacyServer(app, new Uri(address));
    }

    /// <summary>Changes a unit and pushes it to every connection, as a flush does.</summary>
    public Task PushAsync(UnitSummary summary)
    {
        Store.Set(summary);
        return _app.Services.GetRequiredService<IHubContext<OldMonitorHub>>().Clients.All.SendAsync("UnitChanged", summary);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public static UnitSummary Unit(string id, long version, string? parentId = null) =>
        new() { Id = id, Name = id, Level = parentId is null ? "community" : "site", ParentId = parentId, Version = version, Sites = 1 };

    public sealed class Units(IEnumerable<UnitSummary> units)
    {
        private readonly ConcurrentDictionary<string, UnitSummary> _units = new(units.ToDictionary(u => u.Id));

        public void Set(UnitSummary summary) => _units[summary.Id] = summary;

        public UnitSummary? Get(string id) => _units.GetValueOrDefault(id);

        public IReadOnlyList<UnitSummary> ChildrenOf(string id) => [.. _units.Values.Where(u => u.ParentId == id).OrderBy(u => u.Id, StringComparer.Ordinal)];

        public Dictionary<string, long> Versions => _units.ToDictionary(p => p.Key, p => p.Value.Version);
    }

    private sealed class OldMonitorHub(Units units) : Hub
    {
        public object Subscribe(string unitId, bool includeChildren)
        {
            var unit = units.Get(unitId) ?? throw new HubException($"Unit '{unitId}' is not in the registry.");
            return new { unit, children = includeChildren ? units.ChildrenOf(unitId) : [] };
        }
    }
}
