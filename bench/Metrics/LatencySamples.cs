namespace Canvass.Bench.Metrics;

/// <summary>
/// Every sample kept, in milliseconds. A run yields thousands of batches or hundreds of markers, so a sorted copy
/// gives exact percentiles at a cost nobody notices; a histogram would only add rounding.
/// </summary>
public sealed class LatencySamples
{
    private readonly List<double> _samples = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _samples.Count;
            }
        }
    }

    public void Add(double milliseconds)
    {
        lock (_lock)
        {
            _samples.Add(milliseconds);
        }
    }

    public LatencySummary Summarize()
    {
        double[] sorted;
        lock (_lock)
        {
            sorted = [.. _samples];
        }

        Array.Sort(sorted);
        return LatencySummary.From(sorted);
    }
}

/// <summary>Nearest-rank percentiles of a set of latencies, in milliseconds; all zero when there are no samples.</summary>
public sealed record LatencySummary(int Count, double Min, double Mean, double P50, double P90, double P99, double P999, double Max)
{
    public static LatencySummary From(double[] sorted)
    {
        if (sorted.Length == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0);
        }

        // Microseconds are the finest figure worth keeping in a result file.
        return new LatencySummary(
            sorted.Length,
            Math.Round(sorted[0], 3),
            Math.Round(sorted.Average(), 3),
            Math.Round(Rank(sorted, 0.50), 3),
            Math.Round(Rank(sorted, 0.90), 3),
            Math.Round(Rank(sorted, 0.99), 3),
            Math.Round(Rank(sorted, 0.999), 3),
            Math.Round(sorted[^1], 3));
    }

    // Nearest rank: the smallest sample with at least q of all samples at or below it.
    private static double Rank(double[] sorted, double q) =>
        sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}
