using System.Globalization;

namespace Canvass.Bench.Country;

/// <summary>
/// What the server's <c>/metrics</c> says about its size at one moment: active grains by type (Orleans'
/// <c>orleans_catalog_activations</c>), the managed heap after the last GC, the working set, and the start-up
/// warm-up's progress (<c>canvass_warmup_*</c>).
/// </summary>
public sealed record ServerSample(
    double AtSeconds,
    long SiteGrains,
    long UnitGrains,
    long AllGrains,
    long GcHeapBytes,
    long GcFragmentationBytes,
    long WorkingSetBytes,
    long? RssBytes,
    bool WarmupDone,
    long WarmupUnits,
    double WarmupSeconds)
{
    /// <summary>Reads the Prometheus text of <c>/metrics</c>; <paramref name="rssBytes"/> is the /proc figure when the bench has the pid.</summary>
    public static ServerSample Parse(string text, double atSeconds, long? rssBytes)
    {
        long site = 0, unit = 0, all = 0, heap = 0, fragmentation = 0, workingSet = 0, warmedUnits = 0;
        double done = 0, warmupSeconds = 0;
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            if (space < 0 || !double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            var series = line[..space];
            var brace = series.IndexOf('{');
            var name = brace < 0 ? series : series[..brace];
            var labels = brace < 0 ? [] : series[brace..];
            switch (name)
            {
                case "orleans_catalog_activations":
                    all += (long)value;
                    if (labels.Contains("grain_type=\"site\"", StringComparison.Ordinal))
                    {
                        site += (long)value;
                    }
                    else if (labels.Contains("grain_type=\"unit\"", StringComparison.Ordinal))
                    {
                        unit += (long)value;
                    }

                    break;
                case "dotnet_gc_last_collection_heap_size_bytes":
                    heap += (long)value;
                    break;
                case "dotnet_gc_last_collection_heap_fragmentation_size_bytes":
                    fragmentation += (long)value;
                    break;
                case "dotnet_process_memory_working_set_bytes":
                    workingSet = (long)value;
                    break;
                case "canvass_warmup_done":
                    done = value;
                    break;
                case "canvass_warmup_units":
                    warmedUnits = (long)value;
                    break;
                case "canvass_warmup_duration_seconds":
                    warmupSeconds = value;
                    break;
            }
        }

        return new ServerSample(Math.Round(atSeconds, 2), site, unit, all, heap, fragmentation, workingSet, rssBytes, done >= 1, warmedUnits, Math.Round(warmupSeconds, 2));
    }

    /// <summary>The heap less its free space (fragmentation) after the last GC: what live objects and not-yet-collected garbage hold.</summary>
    public long LiveHeapBytes => GcHeapBytes - GcFragmentationBytes;

    /// <summary>Resident memory: from /proc when the bench has the pid, else the working set the server reports.</summary>
    public long MemoryBytes => RssBytes ?? WorkingSetBytes;
}
