using System.Globalization;

namespace Canvass.Bench.Metrics;

/// <summary>
/// The server's own runtime counters, read from its Prometheus endpoint (<c>/metrics</c>) at the start and end of
/// the measured window. Per acknowledged report they give the cost of the ingest path in CPU time and allocation,
/// figures that stay comparable between runs even when the 2-core machine is busy with something else.
/// </summary>
public sealed class ServerRuntime(Uri metricsUrl) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
    private RuntimeReading? _start;

    public async Task BeginWindowAsync(CancellationToken cancel) => _start = await ReadAsync(cancel);

    /// <summary>The cost over the window, or null when the server exposes no runtime metrics.</summary>
    public async Task<ServerCost?> EndWindowAsync(long acceptedReports, CancellationToken cancel)
    {
        if (_start is not { } start || await ReadAsync(cancel) is not { } end || acceptedReports <= 0)
        {
            return null;
        }

        var reports = (double)acceptedReports;
        var seconds = (end.At - start.At).TotalSeconds;
        return new ServerCost(
            Math.Round((end.CpuSeconds - start.CpuSeconds) * 1e6 / reports, 1),
            Math.Round((end.AllocatedBytes - start.AllocatedBytes) / reports, 0),
            Math.Round(100 * (end.GcPauseSeconds - start.GcPauseSeconds) / seconds, 1),
            (long)(end.Gen0 - start.Gen0),
            (long)(end.Gen1 - start.Gen1),
            (long)(end.Gen2 - start.Gen2));
    }

    private async Task<RuntimeReading?> ReadAsync(CancellationToken cancel)
    {
        string text;
        try
        {
            text = await _http.GetStringAsync(new Uri(metricsUrl, "/metrics"), cancel);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }

        double cpu = 0, allocated = 0, pause = 0, gen0 = 0, gen1 = 0, gen2 = 0;
        var found = false;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#') || line.LastIndexOf(' ') is var space && space < 0
                || !double.TryParse(line.AsSpan(space + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            switch (line)
            {
                case var l when l.StartsWith("dotnet_process_cpu_time_seconds_total", StringComparison.Ordinal): cpu += value; break;
                case var l when l.StartsWith("dotnet_gc_heap_total_allocated_bytes_total", StringComparison.Ordinal): allocated = value; found = true; break;
                case var l when l.StartsWith("dotnet_gc_pause_time_seconds_total", StringComparison.Ordinal): pause = value; break;
                case var l when l.StartsWith("dotnet_gc_collections_total", StringComparison.Ordinal) && l.Contains("\"gen0\"", StringComparison.Ordinal): gen0 = value; break;
                case var l when l.StartsWith("dotnet_gc_collections_total", StringComparison.Ordinal) && l.Contains("\"gen1\"", StringComparison.Ordinal): gen1 = value; break;
                case var l when l.StartsWith("dotnet_gc_collections_total", StringComparison.Ordinal) && l.Contains("\"gen2\"", StringComparison.Ordinal): gen2 = value; break;
            }
        }

        return found ? new RuntimeReading(DateTimeOffset.UtcNow, cpu, allocated, pause, gen0, gen1, gen2) : null;
    }

    public void Dispose() => _http.Dispose();

    private readonly record struct RuntimeReading(DateTimeOffset At, double CpuSeconds, double AllocatedBytes, double GcPauseSeconds, double Gen0, double Gen1, double Gen2);
}

/// <summary>What the server spent per acknowledged report over the window, from its own runtime counters.</summary>
public sealed record ServerCost(
    double CpuMicrosecondsPerReport,
    double AllocatedBytesPerReport,
    double GcPausePercent,
    long Gen0Collections,
    long Gen1Collections,
    long Gen2Collections);
