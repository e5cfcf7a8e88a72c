using System.Globalization;

namespace Canvass.Bench.Metrics;

/// <summary>
/// The few figures the bench reads from the server's Prometheus scrape (<c>/metrics</c>): one series summed over its
/// labels, and a histogram's cumulative buckets. Just enough of the text format for the OpenTelemetry exporter's output.
/// </summary>
public static class PrometheusText
{
    /// <summary>The sum of every sample of a metric over all its label sets; null when the scrape has none.</summary>
    public static double? Sum(string text, string metric)
    {
        double? sum = null;
        foreach (var (name, _, value) in Samples(text))
        {
            if (name == metric)
            {
                sum = (sum ?? 0) + value;
            }
        }

        return sum;
    }

    /// <summary>A histogram's buckets (upper bound, cumulative count), sum and count; null when the scrape has none.</summary>
    public static HistogramReading? Histogram(string text, string metric)
    {
        var buckets = new SortedDictionary<double, double>();
        double? sum = null, count = null;
        foreach (var (name, labels, value) in Samples(text))
        {
            if (name == metric + "_bucket" && Label(labels, "le") is { } le)
            {
                var bound = le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture);
                buckets[bound] = buckets.GetValueOrDefault(bound) + value;
            }
            else if (name == metric + "_sum")
            {
                sum = (sum ?? 0) + value;
            }
            else if (name == metric + "_count")
            {
                count = (count ?? 0) + value;
            }
        }

        return count is null ? null : new HistogramReading([.. buckets.Select(b => (b.Key, b.Value))], sum ?? 0, count.Value);
    }

    private static IEnumerable<(string Name, string Labels, double Value)> Samples(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var close = brace < 0 ? -1 : line.LastIndexOf('}');
            var nameEnd = brace >= 0 ? brace : line.IndexOf(' ', StringComparison.Ordinal);
            if (nameEnd <= 0)
            {
                continue;
            }

            var rest = line[((close >= 0 ? close : nameEnd) + 1)..].Trim().Split(' ');
            if (double.TryParse(rest[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                yield return (line[..nameEnd], close > brace ? line[(brace + 1)..close] : "", value);
            }
        }
    }

    private static string? Label(string labels, string key)
    {
        var start = labels.IndexOf(key + "=\"", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += key.Length + 2;
        var end = labels.IndexOf('"', start);
        return end < 0 ? null : labels[start..end];
    }
}

/// <summary>A Prometheus histogram at one scrape: cumulative bucket counts by upper bound, the sum and the count.</summary>
public sealed record HistogramReading(IReadOnlyList<(double Bound, double Cumulative)> Buckets, double Sum, double Count)
{
    /// <summary>What was recorded between an earlier reading and this one.</summary>
    public HistogramReading Since(HistogramReading earlier)
    {
        var before = earlier.Buckets.ToDictionary(b => b.Bound, b => b.Cumulative);
        return new HistogramReading([.. Buckets.Select(b => (b.Bound, b.Cumulative - before.GetValueOrDefault(b.Bound)))], Sum - earlier.Sum, Count - earlier.Count);
    }

    /// <summary>The upper bound of the bucket that holds the q-quantile: the quantile is at most this.</summary>
    public double QuantileBound(double q)
    {
        if (Count <= 0)
        {
            return 0;
        }

        var target = Math.Ceiling(q * Count);
        foreach (var (bound, cumulative) in Buckets)
        {
            if (cumulative >= target)
            {
                return bound;
            }
        }

        return double.PositiveInfinity;
    }
}
