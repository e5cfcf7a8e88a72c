using System.Diagnostics;

namespace Canvass.Bench.Load;

/// <summary>
/// Hands out send times for an open-loop rate: slot k is due at start + k·batch/rate. Senders that fall behind find
/// their slot already due and send at once, so a slow server cannot quietly lower the offered load.
/// </summary>
public sealed class Pacer
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly double _ticksPerBatch;
    private long _slot = -1;

    public Pacer(int reportsPerSecond, int batch) =>
        _ticksPerBatch = (double)batch * Stopwatch.Frequency / reportsPerSecond;

    /// <summary>The Stopwatch timestamp at which the next batch is due.</summary>
    public long NextSlot() => _start + (long)(Interlocked.Increment(ref _slot) * _ticksPerBatch);
}
