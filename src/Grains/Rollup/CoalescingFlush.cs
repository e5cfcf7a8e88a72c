using System.Diagnostics;

namespace Canvass.Grains.Rollup;

/// <summary>
/// Runs a grain's flush at most once per interval however many changes were requested in it. A change after a
/// quiet interval flushes at once (in the next turn, so a batch still flushes once); during a burst the next flush
/// waits out the interval. A failed flush is retried at the next interval, so a parent that was briefly unreachable
/// still ends up with the latest summary.
/// </summary>
/// <remarks>
/// The timer is registered on the first request: most grains of a national registry never change between sweeps,
/// and a grain timer costs about half a kilobyte.
/// </remarks>
internal sealed class CoalescingFlush(IGrainBase grain, TimeSpan interval, Func<Task> flush) : IDisposable
{
    private IGrainTimer? _timer;
    private bool _pending;
    private long _lastFlush;

    public void Request()
    {
        if (!_pending)
        {
            _pending = true;
            _timer ??= grain.RegisterGrainTimer(OnTimerAsync, new GrainTimerCreationOptions
            {
                DueTime = Timeout.InfiniteTimeSpan,
                Period = Timeout.InfiniteTimeSpan,
            });
            var since = Stopwatch.GetElapsedTime(_lastFlush);
            _timer.Change(since >= interval ? TimeSpan.Zero : interval - since, Timeout.InfiniteTimeSpan);
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

    public void Dispose() => _timer?.Dispose();
}
