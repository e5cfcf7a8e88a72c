using Canvass.Bench.Load;

namespace Canvass.Bench.Metrics;

/// <summary>
/// The server's memory over a short span: resident set from /proc (needs --server-pid) and the managed heap as it
/// stood after the latest collection, from <c>/metrics</c>. Sampling waits first for the server to collect garbage
/// once, so that the heap figure is not left over from before; each figure is then the median of a few samples.
/// </summary>
public static class ServerMemory
{
    public const string GcHeapMetric = "dotnet_gc_last_collection_heap_size_bytes";
    public const string GcCountMetric = "dotnet_gc_collections_total";

    // The Prometheus exporter caches its answer for 300 ms; sampling faster would read the same scrape twice.
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(500);

    /// <summary>Waits up to <paramref name="settleSeconds"/> for a collection, then samples for <paramref name="seconds"/>.</summary>
    public static async Task<MemorySample> SampleAsync(int? pid, ReportClient client, double settleSeconds, double seconds, CancellationToken cancel)
    {
        var first = await ScrapeAsync(client, cancel);
        var collectionsBefore = first is null ? null : PrometheusText.Sum(first, GcCountMetric);
        var settleUntil = DateTime.UtcNow.AddSeconds(settleSeconds);
        double? collections = collectionsBefore;
        while (collectionsBefore is not null && collections <= collectionsBefore && DateTime.UtcNow < settleUntil && await Scenarios.Phases.WaitAsync(Period.TotalSeconds, cancel))
        {
            collections = await ScrapeAsync(client, cancel) is { } text ? PrometheusText.Sum(text, GcCountMetric) : collections;
        }

        var rss = new List<double>();
        var heap = new List<double>();
        var until = DateTime.UtcNow.AddSeconds(seconds);
        do
        {
            if (pid is { } p && ProcessProbe.ReadRssBytes(p) is { } bytes)
            {
                rss.Add(bytes / (1024.0 * 1024.0));
            }

            if (await ScrapeAsync(client, cancel) is { } text && PrometheusText.Sum(text, GcHeapMetric) is { } gc)
            {
                heap.Add(gc / (1024.0 * 1024.0));
                collections = PrometheusText.Sum(text, GcCountMetric) ?? collections;
            }

            if (!await Scenarios.Phases.WaitAsync(Period.TotalSeconds, cancel))
            {
                break;
            }
        }
        while (DateTime.UtcNow < until);

        var collected = collectionsBefore is { } b && collections is { } c ? (int)(c - b) : (int?)null;
        return new MemorySample(Median(rss), Median(heap), Math.Max(rss.Count, heap.Count), collected);
    }

    private static async Task<string?> ScrapeAsync(ReportClient client, CancellationToken cancel)
    {
        try
        {
            return await client.GetTextAsync(client.MetricsPath, cancel);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return null;
        }
    }

    private static double? Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        return Math.Round(values[values.Count / 2], 3);
    }
}

/// <summary>
/// The server's resident set and managed heap (after its latest collection) in MiB, null where unknown; and how many
/// collections the server made from the start of the settling wait to the last sample (0: the heap figure is stale).
/// </summary>
public sealed record MemorySample(double? RssMb, double? GcHeapMb, int Samples, int? Collections);
