namespace Canvass.Gateway.Push;

/// <summary>
/// Keeps one observer watched by a grain that holds watchers on a lease (the case-places list, the daily reports):
/// watches again every renewal interval, and a second after a failure, until the gateway stops.
/// </summary>
public static class ObserverLease
{
    public static async Task KeepAsync(Func<Task> watch, TimeSpan renewInterval, Action<Exception> failed, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = renewInterval;
            try
            {
                await watch().WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The cluster may still be starting, or a silo restarting: try again sooner than a renewal.
                failed(e);
                wait = TimeSpan.FromSeconds(1);
            }

            try
            {
                await Task.Delay(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
