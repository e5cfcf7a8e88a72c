using System.Diagnostics;

namespace Canvass.Grains.Rollup;

/// <summary>
/// Runs a grain's flush at most once per interval however many changes were requested in it. A change after a
/// quiet interval flushes at once (in the next turn, so a batch still flushes once); during a burst the next flush
/// waits out the interval. A failed flush is retried at the next interval, so a parent that was briefly unreachable
/// still ends up with the latest summary. Only the waiting flush uses the timer: profiling showed timer changes
/// contending on the runtime's timer-queue lock when every one of thousands of quiet sites flushed through it.
/// </summary>
internal sealed class CoalescingFlush : IDisposable
{
    private readonly TimeSpan _interval;
    private readonly Func<Task> _flush;
    private readonly IGrainTimer _timer;
    private bool _pending;
    private long _lastFlush;

    public CoalescingFlush(IGrainBase grain, TimeSpan interval, Func<Task> flush)
    {
        _interval = interval;
        _flush = flush;
        _timer = grain.RegisterGrainTimer(OnTimerAsync, new GrainTimerCreationOptions
        {
            DueTime = Timeout.InfiniteTimeSpan,
            Period = Timeout.InfiniteTimeSpan,
        });
    }

    public void Request()
    {
        if (!_pending)
        {
            _pending = true;
            var since = Stopwatch.GetElapsedTime(_lastFlush);
            if (since >= _interval)
            {
                _ = FlushNextTurnAsync();
            }
            else
            {
                _timer.Change(_interval - since, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private async Task FlushNextTurnAsync()
    {
        // Queued on the grain's own scheduler: runs after the current turn, single-threaded with the grain.
        await Task.Yield();
        try
        {
            await OnTimerAsync();
        }
        catch
        {
            // The flush logged its failure and requested a retry; nobody awaits this task.
        }
    }

    private async Task OnTimerAsync()
    {
        _pending = false;
        _lastFlush = Stopwatch.GetTimestamp();
        try
        {
            await _flush();
        }
        catch
        {
            Request();
            throw;
        }
    }

    public void Dispose() => _timer.Dispose();
}
