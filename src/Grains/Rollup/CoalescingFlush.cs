using System.Diagnostics;

namespace Canvass.Grains.Rollup;

/// <summary>
/// Runs a grain's flush at most once per interval however many changes were requested in it. A change after a
/// quiet interval flushes at once (in the next turn, so a batch still flushes once); during a burst the next flush
/// waits out the interval. A flush that throws is retried at the next interval. Only the waiting flush uses the timer: profiling showed timer changes
/// contending on the runtime's timer-queue lock when every one of thousands of quiet sites flushed through it.
/// </summary>
/// <remarks>
/// The timer is registered when a flush first has to wait: most grains of a national registry never change between
/// sweeps, and a grain timer costs about half a kilobyte.
/// </remarks>
internal sealed class CoalescingFlush(IGrainBase grain, TimeSpan interval, Func<Task> flush) : IDisposable
{
    private IGrainTimer? _timer;
    private bool _pending;
    private long _lastFlush;

    public void Request()
    {
        if (_pending)
        {
            return;
        }

        _pending = true;
        var since = Stopwatch.GetElapsedTime(_lastFlush);
        if (since >= interval)
        {
            _ = FlushNextTurnAsync();
            return;
        }

        _timer ??= grain.RegisterGrainTimer(OnTimerAsync, new GrainTimerCreationOptions
        {
            DueTime = Timeout.InfiniteTimeSpan,
            Period = Timeout.InfiniteTimeSpan,
        });
        _timer.Change(interval - since, Timeout.InfiniteTimeSpan);
    }

    private async Task FlushNextTurnAsync()
    {
        // Queued on the grain's own scheduler: runs after the current turn, single-threaded with the grain. It is not a
        // turn of its own, so it may run between the awaits of a request; the flushes read the state before their
        // first await, where it is consistent.
        await Task.Yield();
        try
        {
            await OnTimerAsync();
        }
        catch
        {
            // OnTimerAsync already requested a retry at the next interval; nobody awaits this task.
        }
    }

    private async Task OnTimerAsync()
    {
        _pending = false;
        _lastFlush = Stopwatch.GetTimestamp();
        try
        {
            await flush();
        }
        catch
        {
            Request();
            throw;
        }
    }

    /// <summary>
    /// Runs a flush that is waiting, now: a grain that deactivates (a silo shutting down, say) must not take its last
    /// change with it, since nothing else would tell its parent before the next sweep.
    /// </summary>
    public async Task FlushPendingAsync()
    {
        if (!_pending)
        {
            return;
        }

        try
        {
            await OnTimerAsync();
        }
        catch
        {
            // Deactivating: no retry will come. A reactivation, the parent's pull or the sweep repairs it.
        }
    }

    public void Dispose() => _timer?.Dispose();
}
