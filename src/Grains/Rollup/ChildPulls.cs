using Canvass.Abstractions.Units;
using Microsoft.Extensions.Logging;

namespace Canvass.Grains.Rollup;

/// <summary>
/// How an aggregate rebuilds what it holds from its children, having no state of its own (the children hold the
/// truth; sites, from the journal): every child at activation, the ones still loading until they answer complete,
/// and the whole subtree on a sweep. Runs on the grain's scheduler, so each merge is a turn like any other.
/// </summary>
internal sealed partial class ChildPulls(UnitChildren children, string unitId, IReadOnlyList<string> childIds,
    Action<UnitSummary> merge, TimeSpan pullPatience, Func<bool> deactivating, ILogger logger)
{
    // Children a sweep pulls at once per unit: the calls in flight are this to the power of the depth (about a
    // thousand for the national registry) instead of one per grain of the tree.
    private const int SweepWindow = 4;

    // The longest pause between pulls of a child that keeps failing: a silo's death is declared within tens of seconds.
    private static readonly TimeSpan MaxLoadPause = TimeSpan.FromSeconds(10);

    /// <summary>
    /// At activation: every child at once, waiting at most the pull patience; children that did not answer (or
    /// answered while loading themselves) go on being pulled in the background until they answer complete.
    /// </summary>
    public async Task PullAllAsync()
    {
        var pulls = children.Grains.Select(child => child.GetSummaryAsync()).ToArray();
        try
        {
            await Task.WhenAll(pulls).WaitAsync(pullPatience);
        }
        catch (Exception e)
        {
            // A child on a dead silo may take long to come back, or fail: the activation goes on with what came.
            LogSlowChildren(e, unitId, pulls.Count(p => !p.IsCompletedSuccessfully), pulls.Length);
        }

        for (var i = 0; i < pulls.Length; i++)
        {
            if (pulls[i].IsCompletedSuccessfully)
            {
                merge(pulls[i].Result);
            }

            if (children[i].Loading)
            {
                _ = LoadAsync(i, pulls[i]);
            }
        }
    }

    /// <summary>
    /// Pulls one child until the unit holds a complete summary of it (which a flush of the child may bring first). A
    /// child's read waits for its own subtree (<c>Rollup:LoadingPatience</c>), which paces the pulls of a loading
    /// child; a failed pull (a dead silo not yet declared dead) is retried with a growing pause.
    /// </summary>
    private async Task LoadAsync(int child, Task<UnitSummary> pull)
    {
        var pause = pullPatience;
        while (true)
        {
            try
            {
                merge(await pull);
            }
            catch (Exception e)
            {
                LogChildNotLoaded(e, unitId, childIds[child], pause.TotalSeconds);
                await Task.Delay(pause);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxLoadPause.Ticks));
            }

            if (!children[child].Loading || deactivating())
            {
                return;
            }

            pull = children.Grains[child].GetSummaryAsync();
        }
    }

    /// <summary>A sweep: every child and, recursively, every unit below, <see cref="SweepWindow"/> children at a time.</summary>
    public async Task SweepAsync()
    {
        var running = new List<Task<UnitSummary>>(SweepWindow);
        var failed = 0;
        Exception? firstFailure = null;
        foreach (var child in children.Grains)
        {
            if (running.Count == SweepWindow)
            {
                Collect(await Task.WhenAny(running));
            }

            running.Add(child is IUnitGrain unit ? unit.RefreshAsync() : child.GetSummaryAsync());
        }

        while (running.Count > 0)
        {
            Collect(await Task.WhenAny(running));
        }

        if (firstFailure is not null)
        {
            // As at activation: keep what came; the rest flush when they recover, and the next sweep pulls them.
            LogSlowChildren(firstFailure, unitId, failed, children.Count);
        }

        void Collect(Task<UnitSummary> pull)
        {
            running.Remove(pull);
            if (pull.IsCompletedSuccessfully)
            {
                merge(pull.Result);
            }
            else
            {
                failed++;
                firstFailure ??= pull.Exception?.InnerException ?? pull.Exception;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {UnitId} pulled its children with {Missing} of {Children} not answering yet; it goes on pulling them, loading until they answer")]
    private partial void LogSlowChildren(Exception exception, string unitId, int missing, int children);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {UnitId} could not pull its child {ChildId}, and stays loading; trying again in {Seconds:0.#} s")]
    private partial void LogChildNotLoaded(Exception exception, string unitId, string childId, double seconds);
}
