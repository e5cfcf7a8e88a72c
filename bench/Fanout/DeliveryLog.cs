namespace Canvass.Bench.Fanout;

/// <summary>
/// What all subscribers share: the measured window, in wall-clock ticks because the delays are wall-clock too, the
/// drops, and a coarse histogram of the delays for the progress line. The exact delays stay with each subscriber;
/// this histogram only answers "how is it going this second" without sorting millions of samples once a second.
/// </summary>
public sealed class DeliveryLog
{
    // 1 ms buckets up to a minute; later delays land in the last bucket.
    private const int Buckets = 60_001;

    private readonly long[] _histogram = new long[Buckets];
    private readonly long[] _previous = new long[Buckets];
    private long _windowStart = long.MaxValue;
    private long _windowEnd = long.MaxValue;
    private int _dropped;
    private string? _firstDrop;

    public int Dropped => Volatile.Read(ref _dropped);

    public string? FirstDrop => Volatile.Read(ref _firstDrop);

    public void BeginWindow(DateTime utcNow) => Interlocked.Exchange(ref _windowStart, utcNow.Ticks);

    public void EndWindow(DateTime utcNow) => Interlocked.Exchange(ref _windowEnd, utcNow.Ticks);

    public bool InWindow(long utcTicks) => utcTicks >= Volatile.Read(ref _windowStart) && utcTicks < Volatile.Read(ref _windowEnd);

    public void Record(float milliseconds) =>
        Interlocked.Increment(ref _histogram[Math.Clamp((int)milliseconds, 0, Buckets - 1)]);

    public void Drop(string reason)
    {
        Interlocked.Increment(ref _dropped);
        Interlocked.CompareExchange(ref _firstDrop, reason, null);
    }

    /// <summary>
    /// The delays recorded since the previous call: how many, and the p50 and p99 as the upper edge of their 1 ms
    /// bucket. Called by the progress line only, once a second.
    /// </summary>
    public (long Count, double P50, double P99) SinceLastCall()
    {
        var delta = new long[Buckets];
        long count = 0;
        for (var i = 0; i < Buckets; i++)
        {
            var now = Volatile.Read(ref _histogram[i]);
            delta[i] = now - _previous[i];
            _previous[i] = now;
            count += delta[i];
        }

        return (count, Rank(delta, count, 0.50), Rank(delta, count, 0.99));
    }

    private static double Rank(long[] counts, long total, double q)
    {
        if (total == 0)
        {
            return 0;
        }

        var target = (long)Math.Ceiling(q * total);
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= target)
            {
                return i + 1;
            }
        }

        return counts.Length;
    }
}
