using Canvass.Abstractions.CasePlaces;
using Canvass.Gateway.Push;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Canvass.Gateway.CasePlaces;

/// <summary>
/// Pushes each publication of the case-places list to the hub's connections that asked for it. One observer per
/// gateway process, on a lease it renews like the unit watches. A publication also evicts the cached public list.
/// </summary>
public sealed partial class CasePlacesFeed(IGrainFactory grains, IHubContext<MonitorHub> hub, IOutputCacheStore cache, IOptions<PushOptions> options, ILogger<CasePlacesFeed> logger)
    : BackgroundService, ICasePlacesObserver
{
    public const string Group = "case-places";
    public const string Published = "CasePlacesPublished";

    public async Task OnPublishedAsync(CasePlacesList list)
    {
        await cache.EvictByTagAsync(PublicListCache.Tag, CancellationToken.None);
        await hub.Clients.Group(Group).SendAsync(Published, list);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reference = grains.CreateObjectReference<ICasePlacesObserver>(this);
        var grain = grains.GetGrain<ICasePlacesGrain>(0);
        return ObserverLease.KeepAsync(() => grain.WatchAsync(reference), options.Value.RenewInterval, LogWatchFailed, stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not watch the case-places list; retrying in a second")]
    private partial void LogWatchFailed(Exception exception);
}
