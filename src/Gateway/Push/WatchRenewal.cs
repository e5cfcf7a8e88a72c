using Microsoft.Extensions.Options;

namespace Canvass.Gateway.Push;

/// <summary>Renews this gateway's watches on a timer: grains forget a watcher whose lease ran out (or whose silo died).</summary>
public sealed class WatchRenewal(UnitFeed feed, IOptions<PushOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RenewInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await feed.RenewAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
