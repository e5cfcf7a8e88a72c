using Microsoft.Extensions.Time.Testing;

namespace Canvass.Grains.Tests;

/// <summary>
/// A fake clock that a test moves only once the code under test waits on it. A background loop reads the time and
/// then arms its timer; moved in between, the timer would be armed relative to the new time and never fire.
/// </summary>
public sealed class ArmedClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly SemaphoreSlim _armed = new(0);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _armed.Release();
        return timer;
    }

    /// <summary>Waits for the next timer to be armed (one per wait of the loop), then moves the clock.</summary>
    public async Task AdvanceWhenArmedAsync(TimeSpan by)
    {
        if (!await _armed.WaitAsync(TimeSpan.FromSeconds(10)))
        {
            throw new TimeoutException("Nothing waited on the clock within 10 s.");
        }

        Advance(by);
    }
}
