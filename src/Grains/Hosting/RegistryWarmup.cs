using Canvass.Abstractions.Units;
using Canvass.Registry;
using Microsoft.Extensions.Logging;

namespace Canvass.Grains.Hosting;

/// <summary>
/// At silo start, rebuilds the whole tree from the journal in the background (every site reloads, every aggregate
/// re-sums), so that the figures are back before anyone asks; the start itself does not wait for it. It goes bottom
/// up, a few units at a time, so that thousands of activations do not all land on a cluster that is still forming.
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
                var levels = Levels();
                for (var depth = 0; depth < levels.Count; depth++)
                {
                    // The deepest aggregates pull their sites (reloading them); above them an activation re-sums its children.
                    var pull = depth == 0;
                    await Parallel.ForEachAsync(levels[depth], new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (unit, _) =>
                    {
                        var grain = grains.GetGrain<IUnitGrain>(unit.Id);
                        await (pull ? grain.RefreshAsync() : grain.GetSummaryAsync());
                    });
                }

                var root = await grains.GetGrain<IUnitGrain>(registry.Root.Id).GetSummaryAsync();
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

    /// <summary>Aggregate units grouped by depth, deepest first.</summary>
    private List<List<RegistryUnit>> Levels()
    {
        var levels = new List<List<RegistryUnit>>();
        var current = new List<RegistryUnit> { registry.Root };
        while (current.Count > 0)
        {
            levels.Insert(0, current);
            current = current.SelectMany(u => u.Children).Where(c => !c.IsSite).ToList();
        }

        return levels;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registry of {Units} units rebuilt from the journal in {Seconds:0.0} s: {Screened} households screened, city version {Version}")]
    private partial void LogWarm(int units, double seconds, long screened, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rebuilding the registry failed (attempt {Attempt}); retrying")]
    private partial void LogRetry(Exception exception, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rebuilding the registry failed; the sweep reminder will retry within its interval")]
    private partial void LogGaveUp(Exception exception);
}
