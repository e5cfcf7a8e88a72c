using System.Diagnostics;
using Canvass.Bench.Cli;
using Canvass.Bench.Load;
using Canvass.Bench.Metrics;
using Canvass.Bench.Output;

namespace Canvass.Bench.Campaign;

/// <summary>
/// Runs one round of the campaign and measures it: the whole deck sent flat out; once the unit's summary has
/// settled, the server's memory and its store on disk; then, when a restart is due, SIGKILL, a new start on the
/// same journal, and the time until the summary reads exactly what it read before the kill.
/// </summary>
public sealed class RoundRunner(BenchOptions options, ReportClient client, ServerHost server, HouseholdDeck deck, UnitReads unit, JournalFootprint footprint, string runId, int seed)
{
    // Longer than every flush interval on the way up (50 ms at a site, 10 ms per level), with room for a busy box.
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);
    private const double MemorySampleSeconds = 1.5;

    public async Task<RoundFigures> RunAsync(int round, CancellationToken cancel)
    {
        // Not HashCode.Combine: it is seeded per process, and --seed must give the same orders in every run.
        deck.Shuffle(unchecked((seed * 31) + round));
        var sender = new RoundSender(client, deck, runId, round, options.Senders, options.Batch, seed);
        using var runtime = new ServerRuntime(options.Metrics);
        await runtime.BeginWindowAsync(cancel);
        var started = Stopwatch.GetTimestamp();
        var seconds = await SendAsync(round, sender, started, cancel);
        var load = MachineLoad.OneMinute();
        var poster = sender.Poster;
        var cost = await runtime.EndWindowAsync(poster.Accepted, CancellationToken.None);

        // The exporter caches its answer for 300 ms: a round shorter than a second can read one scrape twice (0 µs).
        var cpu = seconds >= 1 ? cost?.CpuMicrosecondsPerReport : null;

        // Measured whether or not the run was cut short: what was acknowledged is on the server all the same.
        var settled = await unit.WaitStableAsync(Quiet, TimeSpan.FromSeconds(options.SettleSeconds), CancellationToken.None);
        var memory = await ServerMemory.SampleAsync(server.Pid, client, 0, MemorySampleSeconds, CancellationToken.None);
        var store = await footprint.MeasureAsync(CancellationToken.None);
        var restart = RestartDue(round) && !cancel.IsCancellationRequested ? await RestartAsync(settled, cancel) : null;
        return new RoundFigures(round, poster.Sent, poster.Accepted, poster.Duplicates, poster.Rejected, poster.FailedBatches, poster.Retries,
            Math.Round(seconds, 3), seconds > 0 ? Math.Round(poster.Accepted / seconds, 1) : 0, poster.Ack.Summarize(), cpu, load,
            memory.RssMb, memory.GcHeapMb, store.DiskBytes, store.SnapshotBytes, restart, poster.FirstError, poster.FirstRejection);
    }

    private bool RestartDue(int round) => options.RestartEvery > 0 && round % options.RestartEvery == 0;

    private async Task<double> SendAsync(int round, RoundSender sender, long started, CancellationToken cancel)
    {
        var lastAccepted = 0L;
        var lastTick = started;
        var probes = new List<ProcessProbe>();
        if (ProcessProbe.TryCreate(server.Pid, "server", out _) is { } serverProbe)
        {
            probes.Add(serverProbe);
        }

        if (ProcessProbe.TryCreate(Environment.ProcessId, "bench", out _) is { } self)
        {
            probes.Add(self);
        }

        var progress = new ProgressLine(probes, () =>
        {
            var now = Stopwatch.GetTimestamp();
            var accepted = sender.Poster.Accepted;
            var rate = (accepted - lastAccepted) / Stopwatch.GetElapsedTime(lastTick, now).TotalSeconds;
            (lastAccepted, lastTick) = (accepted, now);
            var ack = sender.Poster.Ack.Summarize();
            return $"round {round,2} {Stopwatch.GetElapsedTime(started, now).TotalSeconds,6:0.0}s | {Format.Count(sender.Poster.Sent)}/{Format.Count(deck.Count)} | {Format.Count(rate),7} acked/s | ack p50 {Format.Ms(ack.P50)} p99 {Format.Ms(ack.P99)} ms | failed {sender.Poster.FailedBatches} retried {sender.Poster.Retries}";
        });
        using var stopProgress = new CancellationTokenSource();
        var ticking = progress.RunAsync(stopProgress.Token);
        try
        {
            await sender.RunAsync(cancel);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: the round is cut short; what was acknowledged is still measured and written.
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await stopProgress.CancelAsync();
        await ticking;
        progress.Finish();
        return seconds;
    }

    private async Task<RestartFigures> RestartAsync(string? before, CancellationToken cancel)
    {
        var killed = Stopwatch.GetTimestamp();
        server.Kill();
        await server.StartAsync(TimeSpan.FromSeconds(options.WaitSeconds), cancel);
        var ready = Stopwatch.GetElapsedTime(killed).TotalSeconds;

        // A summary that never settled has nothing to be exact against: the restart is timed to ready only.
        var exact = before is not null && await unit.WaitEqualAsync(before, TimeSpan.FromSeconds(options.SettleSeconds), cancel);
        return new RestartFigures(Math.Round(ready, 2), exact ? Math.Round(Stopwatch.GetElapsedTime(killed).TotalSeconds, 2) : null);
    }
}
