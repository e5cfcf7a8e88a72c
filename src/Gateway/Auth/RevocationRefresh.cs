using Canvass.Abstractions.Tokens;
using Canvass.Gateway.Push;

namespace Canvass.Gateway.Auth;

/// <summary>
/// Asks the revocation grain every <see cref="AuthOptions.RevocationRefreshInterval"/> what changed (a count is all
/// that travels when nothing did), replaces this gateway's copy, and closes the hub connections and event streams
/// whose tokens it now revokes. Until the first copy has arrived it asks every 200 ms.
/// </summary>
internal sealed partial class RevocationRefresh(IGrainFactory grains, RevocationList list, LiveConnections connections, AuthOptions options,
    TimeProvider time, ILogger<RevocationRefresh> logger) : BackgroundService
{
    private static readonly TimeSpan FirstLoadRetry = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var grain = grains.GetGrain<IRevocationGrain>(0);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await grain.GetSinceAsync(list.IsLoaded ? list.Count : -1).WaitAsync(TimeSpan.FromSeconds(10), stoppingToken) is { } set)
                {
                    list.Replace(set);
                    var closed = connections.CloseRevoked(list);
                    if (closed > 0)
                    {
                        LogClosed(closed);
                    }
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The cluster is not up yet, or a silo is moving the grain: the copy held stays until the next try.
                if (list.IsLoaded)
                {
                    LogFailed(e);
                }
            }

            try
            {
                await Task.Delay(list.IsLoaded ? options.RevocationRefreshInterval : FirstLoadRetry, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The revoked tokens could not be refreshed; the copy held stays in force")]
    private partial void LogFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed {Count} live connections whose tokens were revoked")]
    private partial void LogClosed(int count);
}
