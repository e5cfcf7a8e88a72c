using Canvass.Bench.Metrics;
using Canvass.Bench.Output;

namespace Canvass.Bench.Fanout;

/// <summary>Pools the subscribers' own records into the run's figures, once they are all closed.</summary>
public static class DeliveryFigures
{
    private const double OneSecondMs = 1000;

    public static FanoutDelivery From(IReadOnlyList<Subscriber> subscribers, double seconds)
    {
        var perConnectionP99 = new List<double>(subscribers.Count);
        var pushes = new long[subscribers.Count];
        var delays = new List<float[]>(subscribers.Count);
        long untimed = 0, regressions = 0, total = 0;
        var withoutTimed = 0;
        for (var i = 0; i < subscribers.Count; i++)
        {
            var s = subscribers[i];
            var sorted = s.SortedDelays();
            delays.Add(sorted);
            pushes[i] = s.ReceivedInWindow;
            untimed += s.Untimed;
            regressions += s.VersionRegressions;
            total += sorted.Length;
            if (sorted.Length == 0)
            {
                withoutTimed++;
            }
            else
            {
                perConnectionP99.Add(sorted[Math.Clamp((int)Math.Ceiling(0.99 * sorted.Length) - 1, 0, sorted.Length - 1)]);
            }
        }

        var all = new double[total];
        var at = 0;
        foreach (var sorted in delays)
        {
            foreach (var delay in sorted)
            {
                all[at++] = delay;
            }
        }

        Array.Sort(all);
        Array.Sort(pushes);
        perConnectionP99.Sort();
        var received = pushes.Sum();
        var perConnection = new FanoutPerConnection(
            pushes.Length == 0 ? 0 : pushes[0],
            pushes.Length == 0 ? 0 : pushes[pushes.Length / 2],
            pushes.Length == 0 ? 0 : pushes[^1],
            withoutTimed,
            perConnectionP99.Count == 0 ? 0 : Math.Round(perConnectionP99[perConnectionP99.Count / 2], 3),
            perConnectionP99.Count == 0 ? 0 : Math.Round(perConnectionP99[^1], 3),
            perConnectionP99.Count(p => p >= OneSecondMs));
        return new FanoutDelivery(received, seconds > 0 ? Math.Round(received / seconds, 1) : 0, total, untimed, regressions, LatencySummary.From(all), perConnection);
    }

    /// <summary>The server's flush-to-send histogram over the window, or null when /metrics did not have it.</summary>
    public static ServerPushLatency? ServerPush(HistogramReading? start, HistogramReading? end)
    {
        if (start is null || end is null)
        {
            return null;
        }

        var window = end.Since(start);
        double? Bound(double q) => window.QuantileBound(q) is var b && double.IsFinite(b) ? b : null;
        return new ServerPushLatency((long)window.Count, window.Count > 0 ? Math.Round(window.Sum / window.Count, 3) : 0, Bound(0.50), Bound(0.99));
    }
}
