using System.Diagnostics;
using System.Runtime.InteropServices;
using Canvass.Bench.Cli;
using Canvass.Bench.Fanout;
using Canvass.Bench.Load;
using Canvass.Bench.Metrics;
using Canvass.Bench.Output;
using Canvass.Bench.Registry;

namespace Canvass.Bench.Scenarios;

/// <summary>
/// Many dashboards on one gateway: under steady background load, thousands of SignalR connections each subscribe to
/// a district and its children. Measures what every one of them receives and how late, and the server memory each
/// connection costs: the server's memory with all of them open, less its memory under the same load before.
/// </summary>
public static class FanoutScenario
{
    private const string PushLatencyMetric = "canvass_push_latency_milliseconds";

    // After the last connection opened: lets the burst of snapshots and group joins pass before measuring.
    private const double SettleSeconds = 2;

    // Before each memory sample: wait up to this long for the server to collect garbage once.
    private const double CollectionWaitSeconds = 10;
    private const double SampleSeconds = 2;

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancel)
    {
        using var setup = await RunSetup.CreateAsync(options, cancel);
        var districts = await DistrictsAsync(setup.Client, options.Url, cancel);
        foreach (var warning in FileLimits.Check(options.Connections, options.ServerPid))
        {
            Console.WriteLine($"warning: {warning}");
        }

        var paced = options.Rate > 0;
        Console.WriteLine($"fanout: {options.Connections:#,0} connections over {districts.Count} districts (round-robin), each subscribed with its children, " +
            $"{SubscriberPool.OpenParallelism} opening at a time over WebSockets; background {(paced ? $"{options.Rate:#,0} reports/s" : "flat out")} over {setup.Sites.Count} sites " +
            $"({options.Senders} senders x {options.Batch}); warm-up {options.WarmupSeconds:0.#} s, measure {options.DurationSeconds:0.#} s; run id {setup.RunId}");
        if (options.ServerPid is null)
        {
            Console.WriteLine("note: without --server-pid the server's RSS is not sampled; memory per connection comes from its GC heap alone.");
        }

        var log = new DeliveryLog();
        var pool = new SubscriberPool(options.Url, options.Token, [.. districts.Select(d => d.Id)], log, options.Protocol == "messagepack");
        var runner = new LoadRunner(setup.Client, setup.Sites, new LoadSettings(options.Senders, options.Batch, options.Rate, TimeSpan.Zero, setup.RunId + "-bg"), setup.Seed);
        var phase = "warm-up";
        long windowStart = 0, windowEnd = 0;
        var progress = Progress(options, setup, runner, pool, log, () => phase, () => (windowStart, windowEnd));

        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var stopProgress = new CancellationTokenSource();
        var load = runner.RunAsync(stopLoad.Token);
        var ticking = progress.RunAsync(stopProgress.Token);

        MemorySample? before = null, after = null;
        HistogramReading? pushStart = null, pushEnd = null;
        var atSample = 0;
        (double? Written, double? Serialized) framesStart = default, framesEnd = default;
        if (await Phases.WaitAsync(options.WarmupSeconds, cancel))
        {
            phase = "baseline memory";
            before = await ServerMemory.SampleAsync(options.ServerPid, setup.Client, CollectionWaitSeconds, SampleSeconds, cancel);
            phase = "connecting";
            if (await pool.OpenAsync(options.Connections, cancel) && pool.Opened > 0 && await Phases.WaitAsync(SettleSeconds, cancel))
            {
                pushStart = await PushHistogramAsync(setup.Client, cancel);
                framesStart = await FrameCountsAsync(setup.Client, cancel);
                windowStart = Stopwatch.GetTimestamp();
                phase = "measure";
                log.BeginWindow(DateTime.UtcNow);
                runner.Stats.BeginWindow(windowStart);
                setup.BeginProbeWindows();
                await Phases.WaitAsync(options.DurationSeconds, cancel);
                windowEnd = Stopwatch.GetTimestamp();
                log.EndWindow(DateTime.UtcNow);
                runner.Stats.EndWindow(windowEnd);
                pushEnd = await PushHistogramAsync(setup.Client, cancel);
                framesEnd = await FrameCountsAsync(setup.Client, cancel);
                phase = "memory with all open";
                atSample = pool.Opened - log.Dropped;
                after = await ServerMemory.SampleAsync(options.ServerPid, setup.Client, CollectionWaitSeconds, SampleSeconds, cancel);
            }
        }

        IReadOnlyList<ProcessUsage> processes = windowStart == 0 ? [] : [.. setup.EndProbeWindows()];
        var serverFiles = options.ServerPid is { } pid ? FileLimits.OpenFiles(pid) : null;
        var serverFilesLimit = options.ServerPid is { } p ? FileLimits.OpenFilesLimit(p) : null;
        stopLoad.Cancel();
        await load;
        phase = "closing";
        await pool.CloseAsync();
        await stopProgress.CancelAsync();
        await ticking;
        progress.Finish();

        var seconds = windowStart == 0 ? 0 : Stopwatch.GetElapsedTime(windowStart, windowEnd).TotalSeconds;
        var connections = new FanoutConnections(options.Connections, pool.Opened, pool.Failed, log.Dropped, Math.Round(pool.OpenSeconds, 2), Math.Round(pool.CloseSeconds, 2),
            pool.OpenLatency.Summarize(), pool.FirstFailure, log.FirstDrop, pool.Exhausted, serverFiles, serverFilesLimit);
        var memory = PerConnection(before ?? new MemorySample(null, null, 0, null), after ?? new MemorySample(null, null, 0, null), atSample);
        var result = new FanoutResult(
            new RunInfo("fanout", setup.RunId, setup.StartedAt, options.Url.ToString(), setup.SitesPath, setup.Sites.Count, setup.Sites.Sum(s => (long)s.Households), Environment.ProcessorCount, RuntimeInformation.OSDescription, setup.Seed),
            options, [.. districts.Select(d => d.Id)], connections, DeliveryFigures.From(pool.Subscribers, seconds), DeliveryFigures.ServerPush(pushStart, pushEnd), memory,
            LoadFigures.From(runner.Stats, seconds, paced), processes);

        FanoutSummary.Print(result);
        if (framesEnd.Written - framesStart.Written is > 0 and var written && framesEnd.Serialized - framesStart.Serialized is { } serialized)
        {
            // What the gateway's shared frames saved in the window: frames written to connections against frames serialized.
            Console.WriteLine($"frames in the window: {written:N0} written, {serialized:N0} serialized ({written / Math.Max(1, serialized):0.0} connections per serialization)");
        }
        var file = ResultFile.Write(options.OutPath, "fanout", setup.StartedAt, result, ResultJson.Default.FanoutResult);
        Console.WriteLine();
        Console.WriteLine($"result: {file}");

        var problems = FanoutSummary.Problems(result, seconds > 0).ToList();
        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"fanout: {problem}");
        }

        return problems.Count == 0 ? 0 : 1;
    }

    /// <summary>The city's children at level district, as the server's registry has them.</summary>
    private static async Task<IReadOnlyList<UnitSummary>> DistrictsAsync(ReportClient client, Uri url, CancellationToken cancel)
    {
        UnitSummary[] children;
        try
        {
            children = await client.GetChildrenAsync(Site.CityId, cancel);
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException)
        {
            throw new BenchException($"the server at {url} does not answer GET /api/units/{Site.CityId}/children: {e.Message}", e);
        }

        var districts = children.Where(c => c.Level == "district").ToArray();
        var now = DateTimeOffset.UtcNow;
        foreach (var d in districts.Where(d => d.LastReportAt > now))
        {
            // Until then no report of this run can move lastReportAt, so no push to its subscribers can be timed.
            Console.WriteLine($"warning: district {d.Id} already has lastReportAt {d.LastReportAt:O}, later than now; its pushes cannot be timed until then.");
        }

        return districts.Length > 0 ? districts : throw new BenchException($"the city {Site.CityId} has no children at level district on {url}.");
    }

    private static async Task<HistogramReading?> PushHistogramAsync(ReportClient client, CancellationToken cancel)
    {
        try
        {
            return PrometheusText.Histogram(await client.GetTextAsync(client.MetricsPath, cancel), PushLatencyMetric);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return null;
        }
    }

    private static async Task<(double? Written, double? Serialized)> FrameCountsAsync(ReportClient client, CancellationToken cancel)
    {
        try
        {
            var text = await client.GetTextAsync(client.MetricsPath, cancel);
            return (PrometheusText.Sum(text, "canvass_push_frames_total"), PrometheusText.Sum(text, "canvass_push_frames_distinct_total"));
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return default;
        }
    }

    private static FanoutMemory PerConnection(MemorySample before, MemorySample after, int connections)
    {
        double? PerConnection(double? from, double? to) =>
            from is { } f && to is { } t && connections > 0 ? Math.Round((t - f) * 1024 / connections, 2) : null;
        return new FanoutMemory(before, after, connections, PerConnection(before.RssMb, after.RssMb), PerConnection(before.GcHeapMb, after.GcHeapMb));
    }

    private static ProgressLine Progress(BenchOptions options, RunSetup setup, LoadRunner runner, SubscriberPool pool, DeliveryLog log, Func<string> phase, Func<(long Start, long End)> window)
    {
        var started = Stopwatch.GetTimestamp();
        var lastAccepted = 0L;
        var lastPushes = 0L;
        var lastTick = started;
        return new ProgressLine(setup.Probes, () =>
        {
            var tick = Stopwatch.GetTimestamp();
            var elapsed = Stopwatch.GetElapsedTime(lastTick, tick).TotalSeconds;
            var accepted = runner.Stats.Accepted;
            var pushes = pool.Subscribers.Sum(s => s.Received);
            var (ackRate, pushRate) = ((accepted - lastAccepted) / elapsed, (pushes - lastPushes) / elapsed);
            (lastAccepted, lastPushes, lastTick) = (accepted, pushes, tick);
            var (timed, p50, p99) = log.SinceLastCall();
            var (start, end) = window();
            var name = phase();
            var shown = name == "measure" && start != 0
                ? $"measure {Stopwatch.GetElapsedTime(start, end == 0 ? tick : end).TotalSeconds,3:0}/{options.DurationSeconds:0}s"
                : name;
            var delay = timed == 0 ? "no timed push" : $"send->push p50 {p50:0} p99 {p99:0} ms";
            return $"{Stopwatch.GetElapsedTime(started, tick).TotalSeconds,5:0.0}s {shown} | conns {Format.Count(pool.Opened - log.Dropped)}/{Format.Count(options.Connections)} failed {pool.Failed} dropped {log.Dropped} " +
                $"| {Format.Count(pushRate)} pushes/s, {delay} (last 1 s) | bg {Format.Count(ackRate)}/s";
        });
    }
}
