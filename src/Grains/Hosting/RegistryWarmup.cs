using Canvass.Abstractions.Units;
using Canvass.Registry;
using Microsoft.Extensions.Logging;

namespace Canvass.Grains.Hosting;

/// <summary>
/// At silo start, rebuilds the whole tree from the journal in the background (every site reloads, every aggregate
/// re-sums), so that the figures are back before anyone asks; the start itself does not wait for it.
/// </summary>
public sealed partial class RegistryWarmup(IGrainFactory grains, UnitRegistry registry, TimeProvider time, ILogger<RegistryWarmup> logger)
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(WarmAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task WarmAsync()
    {
        var started = time.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var root = await grains.GetGrain<IUnitGrain>(registry.Root.Id).RefreshAsync();
                LogWarm(registry.Count, time.GetElapsedTime(started).TotalSeconds, root.ScreenedHouseholds, root.Version);
                return;
            }
            catch (Exception e) when (attempt < 5)
            {
                LogRetry(e, attempt);
                await Task.Delay(TimeSpan.FromSeconds(2 * attempt));
            }
            catch (Exception e)
            {
                LogGaveUp(e);
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registry of {Units} units rebuilt from the journal in {Seconds:0.0} s: {Screened} households screened, city version {Version}")]
    private partial void LogWarm(int units, double seconds, long screened, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rebuilding the registry failed (attempt {Attempt}); retrying")]
    private partial void LogRetry(Exception exception, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rebuilding the registry failed; the sweep reminder will retry within its interval")]
    private partial void LogGaveUp(Exception exception);
}
