using System.Diagnostics;
using System.Runtime.InteropServices;
using Canvass.Bench.Cli;
using Canvass.Bench.Load;
using Canvass.Bench.Metrics;
using Canvass.Bench.Output;

namespace Canvass.Bench.Scenarios;

/// <summary>
/// Throughput and acknowledgement latency of <c>POST /api/reports</c>: random reports over the whole registry,
/// flat out or at a fixed rate, measured after a warm-up that lets grains activate and the JIT settle.
/// </summary>
public static class IngestScenario
{
    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancel)
    {
        using var setup = await RunSetup.CreateAsync(options, cancel);
        var runner = new LoadRunner(setup.Client, setup.Sites, new LoadSettings(options.Senders, options.Batch, options.Rate, TimeSpan.Zero, setup.RunId), setup.Seed);
        var paced = options.Rate > 0;
        Console.WriteLine($"ingest: {setup.Sites.Count} sites; {options.Senders} senders x {options.Batch} reports/batch, {(paced ? $"{options.Rate:#,0} reports/s" : "flat out")}; warm-up {options.WarmupSeconds:0.#} s, measure {options.DurationSeconds:0.#} s; run id {setup.RunId}");

        var started = Stopwatch.GetTimestamp();
        long windowStart = 0, windowEnd = 0;
        var lastAccepted = 0L;
        var lastTick = started;
        var progress = new ProgressLine(setup.Probes, () =>
        {
            var now = Stopwatch.GetTimestamp();
            var accepted = runner.Stats.Accepted;
            var rate = (accepted - lastAccepted) / Stopwatch.GetElapsedTime(lastTick, now).TotalSeconds;
            (lastAccepted, lastTick) = (accepted, now);
            var phase = windowStart == 0
                ? "warm-up"
                : $"measure {Stopwatch.GetElapsedTime(windowStart, windowEnd == 0 ? now : windowEnd).TotalSeconds,4:0}/{options.DurationSeconds:0}s";
            var latency = runner.Stats.Ack.Summarize();
            return $"{Stopwatch.GetElapsedTime(started, now).TotalSeconds,5:0.0}s {phase} | {Format.Count(rate),8} acked/s | ack p50 {Format.Ms(latency.P50)} p99 {Format.Ms(latency.P99)} max {Format.Ms(latency.Max)} ms | failed {runner.Stats.FailedBatches} rejected {runner.Stats.Rejected}";
        });

        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var stopProgress = new CancellationTokenSource();
        using var runtime = new ServerRuntime(options.Metrics);
        var load = runner.RunAsync(stopLoad.Token);
        var ticking = progress.RunAsync(stopProgress.Token);

        if (await Phases.WaitAsync(options.WarmupSeconds, cancel))
        {
            windowStart = Stopwatch.GetTimestamp();
            runner.Stats.BeginWindow(windowStart);
            setup.BeginProbeWindows();
            await runtime.BeginWindowAsync(cancel);
            await Phases.WaitAsync(options.DurationSeconds, cancel);
            windowEnd = Stopwatch.GetTimestamp();
            runner.Stats.EndWindow(windowEnd);
        }

        var cost = windowStart == 0 ? null : await runtime.EndWindowAsync(runner.Stats.WindowAccepted, CancellationToken.None);

        IReadOnlyList<ProcessUsage> processes = windowStart == 0 ? [] : [.. setup.EndProbeWindows()];
        stopLoad.Cancel();
        await load;
        await stopProgress.CancelAsync();
        await ticking;
        progress.Finish();

        var seconds = windowStart == 0 ? 0 : Stopwatch.GetElapsedTime(windowStart, windowEnd).TotalSeconds;
        var figures = LoadFigures.From(runner.Stats, seconds, paced);
        Console.WriteLine();
        Summaries.PrintLoad($"ingest summary ({options.Senders} senders, batch {options.Batch}, {(paced ? $"rate {options.Rate:#,0}/s" : "flat out")})", figures);
        Summaries.PrintProcesses(processes);
        Summaries.PrintServerCost(cost);

        var run = new RunInfo("ingest", setup.RunId, setup.StartedAt, options.Url.ToString(), setup.SitesPath, setup.Sites.Count, setup.Sites.Sum(s => (long)s.Households), Environment.ProcessorCount, RuntimeInformation.OSDescription, setup.Seed);
        var file = ResultFile.Write(options.OutPath, "ingest", setup.StartedAt, new IngestResult(run, options, figures, processes, cost), ResultJson.Default.IngestResult);
        Console.WriteLine();
        Console.WriteLine($"result: {file}");

        // Non-zero when the server lost or refused reports: the figures then describe a failing server.
        return figures.FailedBatches == 0 && figures.Rejected == 0 && figures.Duplicates == 0 && seconds > 0 ? 0 : 1;
    }
}
