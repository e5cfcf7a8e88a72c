using System.Diagnostics;
using System.Runtime.InteropServices;
using Canvass.Bench.Cli;
using Canvass.Bench.Freshness;
using Canvass.Bench.Load;
using Canvass.Bench.Output;
using Canvass.Bench.Registry;

namespace Canvass.Bench.Scenarios;

/// <summary>
/// How soon a report shows on a live dashboard: under steady background load, markers go to one site and three
/// SignalR subscribers (city, the marker's district, its community) time the first push that reflects each one.
/// </summary>
public static class FreshnessScenario
{
    // Background reports are stamped this far back so that only a marker can advance lastReportAt to "now".
    private static readonly TimeSpan BackgroundBackdate = TimeSpan.FromMinutes(-1);

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancel)
    {
        using var setup = await RunSetup.CreateAsync(options, cancel);
        var markerSite = PickMarkerSite(setup.Sites, options.MarkerSite);
        var background = setup.Sites.Where(s => s.Id != markerSite.Id).ToArray();
        (string Name, string Id)[] levels = [("city", Site.CityId), ("district", markerSite.DistrictId), ("community", markerSite.CommunityId)];
        var log = new MarkerLog(options.Count, levels.Length);

        var clients = levels.Select((l, i) => new MonitorClient(options.Url, options.Token, i, l.Name, l.Id, log)).ToArray();
        try
        {
            return await RunWithClientsAsync(options, setup, markerSite, background, clients, log, cancel);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    private static async Task<int> RunWithClientsAsync(BenchOptions options, RunSetup setup, Site markerSite, Site[] background, MonitorClient[] clients, MarkerLog log, CancellationToken cancel)
    {
        try
        {
            foreach (var client in clients)
            {
                await client.StartAsync(cancel);
            }
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or Microsoft.AspNetCore.SignalR.HubException)
        {
            throw new BenchException($"cannot subscribe at {options.Url}hubs/monitor: {e.Message}", e);
        }

        var now = DateTimeOffset.UtcNow;
        foreach (var client in clients.Where(c => c.Initial?.LastReportAt > now))
        {
            // A report stamped in the future (up to 5 min is allowed) would mask every marker until then.
            Console.WriteLine($"warning: {client.LevelName} {client.UnitId} already has lastReportAt {client.Initial!.LastReportAt:O}, later than now; markers cannot show until then.");
        }

        var paced = options.Rate > 0;
        Console.WriteLine($"freshness: marker site {markerSite.Id} ({markerSite.Households} households), {options.Count} markers every {options.IntervalMs} ms; " +
            $"background {(paced ? $"{options.Rate:#,0} reports/s" : "flat out")} over {background.Length} other sites ({options.Senders} senders x {options.Batch}); run id {setup.RunId}");
        Console.WriteLine($"subscribers: {string.Join(", ", clients.Select(c => $"{c.LevelName} {c.UnitId} (v{c.Initial?.Version})"))}");

        var runner = new LoadRunner(setup.Client, background, new LoadSettings(options.Senders, options.Batch, options.Rate, BackgroundBackdate, setup.RunId + "-bg"), setup.Seed);
        var markers = new MarkerSender(setup.Client, markerSite, setup.RunId, log, TimeSpan.FromMilliseconds(options.IntervalMs), options.Count);
        var started = Stopwatch.GetTimestamp();
        var lastAccepted = 0L;
        var lastTick = started;
        var progress = new ProgressLine(setup.Probes, () =>
        {
            var tick = Stopwatch.GetTimestamp();
            var accepted = runner.Stats.Accepted;
            var rate = (accepted - lastAccepted) / Stopwatch.GetElapsedTime(lastTick, tick).TotalSeconds;
            (lastAccepted, lastTick) = (accepted, tick);
            var perLevel = clients.Select((c, i) =>
            {
                var f = log.Figures(i);
                return $"{c.LevelName} p50 {Format.Ms(f.FromAck.P50)} p99 {Format.Ms(f.FromAck.P99)}";
            });
            return $"{Stopwatch.GetElapsedTime(started, tick).TotalSeconds,5:0.0}s markers {log.Issued,4}/{options.Count} | {string.Join(" | ", perLevel)} ms after ack | bg {Format.Count(rate)}/s";
        });

        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var stopProgress = new CancellationTokenSource();
        var load = runner.RunAsync(stopLoad.Token);
        var ticking = progress.RunAsync(stopProgress.Token);

        // Background alone first, so that markers meet a server already activated and under its steady load.
        long windowStart = 0, windowEnd = 0;
        if (await Phases.WaitAsync(options.WarmupSeconds, cancel))
        {
            windowStart = Stopwatch.GetTimestamp();
            runner.Stats.BeginWindow(windowStart);
            setup.BeginProbeWindows();
            await markers.RunAsync(cancel);
            await DrainAsync(log, options.DrainSeconds, cancel);
            windowEnd = Stopwatch.GetTimestamp();
            runner.Stats.EndWindow(windowEnd);
        }

        IReadOnlyList<Metrics.ProcessUsage> processes = windowStart == 0 ? [] : [.. setup.EndProbeWindows()];
        stopLoad.Cancel();
        await load;
        await stopProgress.CancelAsync();
        await ticking;
        progress.Finish();

        var levelResults = clients.Select((c, i) =>
        {
            var f = log.Figures(i);
            return new LevelFreshness(c.LevelName, c.UnitId, f.FromAck.Count, f.Missing, f.BeforeAck, f.FromAck, f.FromSend, c.Updates, c.VersionRegressions);
        }).ToArray();
        var seconds = windowStart == 0 ? 0 : Stopwatch.GetElapsedTime(windowStart, windowEnd).TotalSeconds;
        var backgroundFigures = LoadFigures.From(runner.Stats, seconds, paced);
        var result = new FreshnessResult(
            new RunInfo("freshness", setup.RunId, setup.StartedAt, options.Url.ToString(), setup.SitesPath, setup.Sites.Count, setup.Sites.Sum(s => (long)s.Households), Environment.ProcessorCount, RuntimeInformation.OSDescription, setup.Seed),
            options, markerSite.Id, log.Issued, log.Accepted, markers.Late, log.AckLatency(), levelResults, backgroundFigures, processes);

        Print(result, clients, markers.Error);
        var file = ResultFile.Write(options.OutPath, "freshness", setup.StartedAt, result, ResultJson.Default.FreshnessResult);
        Console.WriteLine();
        Console.WriteLine($"result: {file}");

        var clean = result.MarkersAccepted == result.MarkersSent && result.MarkersSent > 0 && levelResults.All(l => l.Missing == 0 && l.VersionRegressions == 0);
        return clean ? 0 : 1;
    }

    /// <summary>The named site, or else the largest one: it has the most unscreened households to spend on markers.</summary>
    private static Site PickMarkerSite(IReadOnlyList<Site> sites, string? id)
    {
        if (id is null)
        {
            return sites.MaxBy(s => s.Households)!;
        }

        return sites.FirstOrDefault(s => s.Id == id) ?? throw new BenchException($"--marker-site {id} is not in the sites file.");
    }

    /// <summary>After the last marker: wait until every level has seen every marker, or the drain time is up.</summary>
    private static async Task DrainAsync(MarkerLog log, double seconds, CancellationToken cancel)
    {
        var until = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        while (!log.AllSeen() && Stopwatch.GetTimestamp() < until && await Phases.WaitAsync(0.01, cancel))
        {
        }
    }

    private static void Print(FreshnessResult result, MonitorClient[] clients, string? markerError)
    {
        Console.WriteLine();
        Console.WriteLine($"freshness summary: {result.MarkersAccepted}/{result.MarkersSent} markers accepted at {result.MarkerSite}, {result.MarkersLate} sent late");
        var table = new Table("level (unit)", "seen", "missing", "ack->push p50", "p99", "max", "send->push p50", "p99", "max", "pushes", "push before ack");
        foreach (var l in result.Levels)
        {
            table.Row($"{l.Level} ({l.UnitId})", Format.Count(l.Arrived), Format.Count(l.Missing),
                Format.Ms(l.FromAckMs.P50), Format.Ms(l.FromAckMs.P99), Format.Ms(l.FromAckMs.Max),
                Format.Ms(l.FromSendMs.P50), Format.Ms(l.FromSendMs.P99), Format.Ms(l.FromSendMs.Max),
                Format.Count(l.Updates), Format.Count(l.BeforeAck));
        }

        Console.Write(table);
        Console.WriteLine("(milliseconds; ack = the marker's 200 reply reached the bench, push = the first frame (UnitsChanged, maxRate 0) reflecting it)");
        Console.WriteLine();
        var ack = new Table("marker POST (ms)", "n", "p50", "p90", "p99", "p99.9", "max", "mean");
        Summaries.AddLatency(ack, "send -> 200", result.MarkerAckMs);
        Console.Write(ack);
        if (markerError is not null)
        {
            Console.WriteLine($"first marker not accepted: {markerError}");
        }

        foreach (var c in clients)
        {
            if (c.VersionRegressions > 0)
            {
                Console.WriteLine($"warning: {c.LevelName} saw {c.VersionRegressions} version regressions");
            }

            if (c.ClosedBecause is not null)
            {
                Console.WriteLine($"warning: {c.LevelName} connection closed: {c.ClosedBecause}");
            }
        }

        Console.WriteLine();
        Summaries.PrintLoad("background load", result.Background);
        Summaries.PrintProcesses(result.Processes);
    }
}
