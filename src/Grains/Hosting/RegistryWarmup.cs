using System.Diagnostics.Metrics;
using Canvass.Abstractions.Units;
using Canvass.Registry;
using Microsoft.Extensions.Logging;

namespace Canvass.Grains.Hosting;

/// <summary>
/// At silo start, rebuilds the whole tree from the journal in the background (every site reloads, every aggregate
/// re-sums), so that the figures are back before anyone asks; the start itself does not wait for it. It goes bottom
/// up, a few units at a time, so that thousands of activations do not all land on a cluster that is still forming.
/// Its progress is in the metrics <c>canvass.warmup.units</c>, <c>canvass.warmup.duration</c> and
/// <c>canvass.warmup.done</c> (1 once the tree is rebuilt), so that an operator or a load test can tell when a large
/// registry is back; <c>/health/ready</c> says not ready until then (<see cref="WarmupDoneCheck"/>). Done means the
/// root's summary is complete: every unit below has heard from all its children since it activated.
/// </summary>
public sealed partial class RegistryWarmup
{
    private readonly IGrainFactory _grains;
    private readonly UnitRegistry _registry;
    private readonly TimeProvider _time;
    private readonly ILogger<RegistryWarmup> _logger;
    private long _started;
    private long _warmed;
    private double? _seconds;

    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether the tree has been rebuilt since this silo started.</summary>
    public bool Done => _seconds is not null;

    /// <summary>Completes once the tree has been rebuilt, for hosts and tests that start readers only then.</summary>
    public Task WhenDone => _done.Task;

    /// <summary>Aggregate units rebuilt so far.</summary>
    public long Warmed => Interlocked.Read(ref _warmed);

    /// <summary>Aggregate units of the registry.</summary>
    public int Aggregates => _registry.Count - _registry.Root.SiteCount;

    public RegistryWarmup(IGrainFactory grains, UnitRegistry registry, TimeProvider time, IMeterFactory meters, ILogger<RegistryWarmup> logger)
    {
        _grains = grains;
        _registry = registry;
        _time = time;
        _logger = logger;
        var meter = meters.Create("Canvass");
        meter.CreateObservableGauge("canvass.warmup.units", () => Interlocked.Read(ref _warmed), "{unit}", "Aggregate units the start-up warm-up has rebuilt so far.");
        meter.CreateObservableGauge("canvass.warmup.duration", () => _seconds ?? (_started == 0 ? 0 : _time.GetElapsedTime(_started).TotalSeconds), "s", "How long the warm-up has run, or took once done.");
        meter.CreateObservableGauge("canvass.warmup.done", () => _seconds is null ? 0 : 1, null, "1 once the warm-up has rebuilt the whole tree.");
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _started = _time.GetTimestamp();
        _ = Task.Run(WarmAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task WarmAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var levels = Levels();
                Interlocked.Exchange(ref _warmed, 0);
                for (var depth = 0; depth < levels.Count; depth++)
                {
                    // The deepest aggregates pull their sites (reloading them); above them an activation re-sums its children.
                    var pull = depth == 0;
                    await Parallel.ForEachAsync(levels[depth], new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (unit, _) =>
                    {
                        var grain = _grains.GetGrain<IUnitGrain>(unit.Id);
                        await (pull ? grain.RefreshAsync() : grain.GetSummaryAsync());
                        Interlocked.Increment(ref _warmed);
                    });
                }

                var rootGrain = _grains.GetGrain<IUnitGrain>(_registry.Root.Id);
                var root = await rootGrain.GetSummaryAsync();
                while (root.Loading)
                {
                    // Each read waits up to Rollup:LoadingPatience for the subtree; a child on a dead silo comes back
                    // once the cluster has declared that silo dead.
                    LogRootLoading();
                    root = await rootGrain.GetSummaryAsync();
                }

                // Also up after a restart without a persisted reminder (the embedded host's are in memory), so that
                // a cut-off passed while down is published now and the next is not missed.
                await _grains.GetGrain<Abstractions.CasePlaces.ICasePlacesGrain>(0).GetLatestAsync();
                await _grains.GetGrain<Abstractions.DailyReports.IDailyReportsGrain>(0).ListAsync();
                // And the silence sweep, whose first look raises what came due while down.
                await _grains.GetGrain<Abstractions.Uploads.ITeamSilenceGrain>(0).CheckAsync();
                _seconds = _time.GetElapsedTime(_started).TotalSeconds;
                _done.TrySetResult();
                LogWarm(_registry.Count, _seconds.Value, root.ScreenedHouseholds, root.Version);
                return;
            }
            catch (Exception e)
            {
                // Until it succeeds: the silo stays not ready meanwhile, and the sweep repairs what it can.
                LogRetry(e, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(2 * attempt, 30)));
            }
        }
    }

    /// <summary>Aggregate units grouped by depth, deepest first.</summary>
    private List<List<RegistryUnit>> Levels()
    {
        var levels = new List<List<RegistryUnit>>();
        var current = new List<RegistryUnit> { _registry.Root };
        while (current.Count > 0)
        {
            levels.Insert(0, current);
            current = current.SelectMany(u => u.Children).Where(c => !c.IsSite).ToList();
        }

        return levels;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registry of {Units} units rebuilt from the journal in {Seconds:0.0} s: {Screened} households screened, root version {Version}")]
    private partial void LogWarm(int units, double seconds, long screened, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rebuilding the registry failed (attempt {Attempt}); retrying")]
    private partial void LogRetry(Exception exception, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "The root's subtree is still loading; waiting for it before the silo says ready")]
    private partial void LogRootLoading();
}
