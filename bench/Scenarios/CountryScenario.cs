using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using Canvass.Bench.Cli;
using Canvass.Bench.Country;
using Canvass.Bench.Load;
using Canvass.Bench.Metrics;
using Canvass.Bench.Output;
using Canvass.Bench.Registry;
using Canvass.Registry;

namespace Canvass.Bench.Scenarios;

/// <summary>
/// A whole registry in one server, the national one by default: waits until the server has loaded the registry and
/// rebuilt the tree (its warm-up), sends one report to every site, then checks that the root accounts for every
/// report exactly. Reports how long loading took, how many grains are active, and the memory they take, from the
/// server's /metrics and /proc. Only HTTP: the bench computes the site list from the same manifest with src/Registry.
/// </summary>
public static class CountryScenario
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancel)
    {
        var startedAt = DateTimeOffset.Now;
        var benchStart = Stopwatch.GetTimestamp();
        var ageAtStart = options.ServerPid is { } startPid ? ProcessAge.Seconds(startPid) : null;
        var manifest = LocateRegistry(options.RegistryPath);
        var loadWatch = Stopwatch.StartNew();
        UnitRegistry registry;
        try
        {
            registry = RegistryLoader.Load(manifest);
        }
        catch (Exception e) when (e is RegistryFormatException or IOException)
        {
            throw new BenchException(e.Message, e);
        }

        var registryLoadSeconds = loadWatch.Elapsed.TotalSeconds;
        var root = registry.Root;
        Console.WriteLine($"country: registry {manifest}: {registry.Count:#,0} units, {registry.Sites.Count:#,0} sites, {root.Households:#,0} households (loaded by the bench in {registryLoadSeconds:0.0} s)");

        if (options.Token is null)
        {
            // Loading takes minutes, and only then would the first API call find out.
            Console.WriteLine("warning: no --token: once the server is warm it will refuse the reports and the root (401).");
        }

        using var client = new ReportClient(options.Url, options.Token, options.MetricsUrl);
        var probes = new List<ProcessProbe>();
        ProcessProbe? server = null;
        if (options.ServerPid is { } pid)
        {
            server = ProcessProbe.TryCreate(pid, "server", out var problem) ?? throw new BenchException($"--server-pid {pid}: {problem}");
            probes.Add(server);
        }

        if (ProcessProbe.TryCreate(Environment.ProcessId, "bench", out _) is { } self)
        {
            probes.Add(self);
        }

        // 1. Load: until /health/ready answers and the warm-up says the tree is rebuilt.
        var phase = "load";
        ServerSample? latest = null;
        var ready = false;
        var progress = new ProgressLine(probes, () => Describe(phase, benchStart, latest, ready, registry));
        using var stopProgress = new CancellationTokenSource();
        var ticking = progress.RunAsync(stopProgress.Token);
        foreach (var probe in probes)
        {
            probe.BeginWindow();
        }

        // A moment seen change is known to within a poll; one that had passed before the first poll is not known.
        ServerSample? first = null;
        double? readyAge = null, warmAge = null;
        var waitUntil = Stopwatch.GetTimestamp() + (long)(options.WaitSeconds * Stopwatch.Frequency);
        for (var poll = 0; ; poll++)
        {
            cancel.ThrowIfCancellationRequested();
            if (!ready && await client.TryGetTextAsync("/health/ready", cancel) is { Status: HttpStatusCode.OK })
            {
                ready = true;
                readyAge = poll == 0 ? null : Age(benchStart, ageAtStart);
            }

            if (await SampleAsync(client, benchStart, server, cancel) is { } sample)
            {
                latest = sample;
                first ??= sample;
                if (ready && sample.WarmupDone)
                {
                    warmAge = first.WarmupDone ? null : Age(benchStart, ageAtStart);
                    break;
                }
            }

            if (Stopwatch.GetTimestamp() > waitUntil)
            {
                throw new BenchException($"the server at {options.Url} was not warm within {options.WaitSeconds:0} s (see --wait).");
            }

            await Task.Delay(Poll, cancel);
        }

        var loadUsage = EndWindows(probes);
        await stopProgress.CancelAsync();
        await ticking;
        progress.Finish();
        var warm = latest!;
        var before = await GetRootAsync(client, root.Id, cancel);
        Console.WriteLine();
        Console.WriteLine($"warm: {warm.AllGrains:#,0} grains ({warm.SiteGrains:#,0} sites, {warm.UnitGrains:#,0} aggregates), server warm-up {warm.WarmupSeconds:0.0} s; root {before.Id} {before.Sites:#,0} sites, {before.RegisteredHouseholds:#,0} households, {before.ScreenedHouseholds:#,0} screened");
        if (before.Sites != registry.Sites.Count || before.RegisteredHouseholds != root.Households)
        {
            throw new BenchException($"the server's registry ({before.Sites} sites, {before.RegisteredHouseholds} households) is not {manifest}; start the server with --Registry:Path on the same manifest.");
        }

        // 2. Touch: one report to every site, in a seeded order.
        var seed = options.Seed ?? Random.Shared.Next();
        var runId = $"c{DateTime.UtcNow:MMddHHmmss}{Random.Shared.Next(0x10000):x4}";
        var order = registry.Sites.Select(s => (s.Id, (int)s.Households)).ToArray();
        new Random(seed).Shuffle(order);
        var toucher = new SiteToucher(client, order, runId, options.Senders, options.Batch, seed);
        phase = "touch";
        var touchStart = Stopwatch.GetTimestamp();
        var touchedBefore = 0L;
        var lastTick = touchStart;
        progress = new ProgressLine(probes, () =>
        {
            var now = Stopwatch.GetTimestamp();
            var accepted = toucher.Accepted;
            var rate = (accepted - touchedBefore) / Stopwatch.GetElapsedTime(lastTick, now).TotalSeconds;
            (touchedBefore, lastTick) = (accepted, now);
            var ack = toucher.Ack.Summarize();
            return $"{Stopwatch.GetElapsedTime(touchStart, now).TotalSeconds,6:0.0}s touch | {Format.Count(toucher.Sent)}/{Format.Count(order.Length)} sites | {Format.Count(rate),7} acked/s | ack p50 {Format.Ms(ack.P50)} p99 {Format.Ms(ack.P99)} ms | failed {toucher.FailedBatches} retried {toucher.Retries}";
        });
        using var stopTouchProgress = new CancellationTokenSource();
        ticking = progress.RunAsync(stopTouchProgress.Token);
        foreach (var probe in probes)
        {
            probe.BeginWindow();
        }

        try
        {
            await toucher.RunAsync(cancel);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: what was sent so far is still checked and written.
        }
        var touchSeconds = Stopwatch.GetElapsedTime(touchStart).TotalSeconds;
        var touchUsage = EndWindows(probes);
        await stopTouchProgress.CancelAsync();
        await ticking;
        progress.Finish();

        // 3. Settle: the root must account for every accepted report, exactly.
        var settleStart = Stopwatch.GetTimestamp();
        var expectedScreened = before.ScreenedHouseholds + toucher.Accepted;
        var expectedResidents = (before.Residents?.Total ?? 0) + toucher.ResidentsAccepted;
        var after = before;
        var settleUntil = settleStart + (long)(options.SettleSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < settleUntil)
        {
            after = await GetRootAsync(client, root.Id, CancellationToken.None);
            if (after.ScreenedHouseholds >= expectedScreened && (after.Residents?.Total ?? 0) >= expectedResidents)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
        }

        var settleSeconds = Stopwatch.GetElapsedTime(settleStart).TotalSeconds;
        var fresh = before.ScreenedHouseholds == 0;
        var exact = after.ScreenedHouseholds == expectedScreened && (after.Residents?.Total ?? 0) == expectedResidents
            && (!fresh || after.StaleSites == before.StaleSites - toucher.Accepted);
        var check = $"root screened {after.ScreenedHouseholds:#,0} (expected {expectedScreened:#,0}), residents {after.Residents?.Total ?? 0:#,0} (expected {expectedResidents:#,0}), stale sites {after.StaleSites:#,0}"
            + (fresh ? $" (expected {before.StaleSites - toucher.Accepted:#,0})" : " (not checked: the server had reports before this run)");
        var touched = await SampleAsync(client, benchStart, server, CancellationToken.None) ?? warm;

        var figures = new CountryFigures(
            root.Id, registry.Sites.Count, root.Households, Math.Round(registryLoadSeconds, 2), Round(ageAtStart), Round(readyAge), Round(warmAge),
            warm.WarmupSeconds, Math.Round(touchSeconds, 2), Math.Round(settleSeconds, 2), toucher.Sent, toucher.Accepted, toucher.Duplicates,
            toucher.Rejected, toucher.FailedBatches, toucher.Retries, Math.Round(toucher.Accepted / touchSeconds, 1), toucher.Ack.Summarize(), exact, check,
            first, warm, touched,
            first is not null && warm.AllGrains - first.AllGrains > warm.AllGrains / 2
                ? Math.Round((double)(warm.MemoryBytes - first.MemoryBytes) / (warm.AllGrains - first.AllGrains), 0)
                : null,
            Math.Round((double)warm.MemoryBytes / Math.Max(1, warm.AllGrains), 0),
            Math.Round((double)(touched.MemoryBytes - warm.MemoryBytes) / Math.Max(1, toucher.Accepted), 0),
            Math.Round((double)(touched.LiveHeapBytes - warm.LiveHeapBytes) / Math.Max(1, toucher.Accepted), 0),
            toucher.FirstError, toucher.FirstRejection);
        CountryPrintout.Print(figures, options, [.. loadUsage.Select(u => u with { Process = u.Process + " (load)" }), .. touchUsage.Select(u => u with { Process = u.Process + " (touch)" })]);

        var run = new RunInfo("country", runId, startedAt, options.Url.ToString(), manifest, registry.Sites.Count, root.Households, Environment.ProcessorCount, RuntimeInformation.OSDescription, seed);
        var file = ResultFile.Write(options.OutPath, "country", startedAt, new CountryResult(run, options, figures, loadUsage, touchUsage), ResultJson.Default.CountryResult);
        Console.WriteLine();
        Console.WriteLine($"result: {file}");
        return exact && figures.FailedBatches == 0 && figures.Rejected == 0 && figures.Duplicates == 0 && figures.Accepted == registry.Sites.Count ? 0 : 1;
    }

    private static string Describe(string phase, long benchStart, ServerSample? sample, bool ready, UnitRegistry registry)
    {
        var elapsed = Stopwatch.GetElapsedTime(benchStart).TotalSeconds;
        if (sample is null)
        {
            return $"{elapsed,6:0.0}s {phase} | server not answering yet";
        }

        var aggregates = registry.Count - registry.Sites.Count;
        return $"{elapsed,6:0.0}s {phase} | ready {(ready ? "yes" : "no ")} | warm-up {Format.Count(sample.WarmupUnits)}/{Format.Count(aggregates)} aggregates {sample.WarmupSeconds,5:0}s | grains {Format.Count(sample.SiteGrains)} sites {Format.Count(sample.UnitGrains)} units | gc heap {sample.GcHeapBytes / 1048576.0:0}MB";
    }

    private static async Task<ServerSample?> SampleAsync(ReportClient client, long benchStart, ProcessProbe? server, CancellationToken cancel)
    {
        var metrics = await client.TryGetTextAsync(client.MetricsPath, cancel);
        if (metrics is not { Status: HttpStatusCode.OK } answer)
        {
            return null;
        }

        server?.Sample();
        return ServerSample.Parse(answer.Body, Stopwatch.GetElapsedTime(benchStart).TotalSeconds, server?.CurrentRssBytes);
    }

    private static async Task<UnitSummary> GetRootAsync(ReportClient client, string id, CancellationToken cancel)
    {
        try
        {
            return await client.GetUnitAsync(id, cancel);
        }
        catch (HttpRequestException e) when (e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new BenchException($"GET /api/units/{id} answered {(int)e.StatusCode}: the bench needs an admin token of the root {id} (--token; bench/run.sh mints one)", e);
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException)
        {
            throw new BenchException($"GET /api/units/{id} failed: {e.Message}", e);
        }
    }

    /// <summary>The server process's age now: from /proc with the pid, else unknown.</summary>
    private static double? Age(long benchStart, double? ageAtStart) =>
        ageAtStart is { } age ? age + Stopwatch.GetElapsedTime(benchStart).TotalSeconds : null;

    private static double? Round(double? seconds) => seconds is { } s ? Math.Round(s, 1) : null;

    private static ProcessUsage[] EndWindows(List<ProcessProbe> probes) => [.. probes.Select(p => p.EndWindow())];

    private static string LocateRegistry(string? path)
    {
        try
        {
            return RepositoryFile.Locate(path, "data/china/registry.json", "--registry");
        }
        catch (FileNotFoundException e)
        {
            throw new BenchException(e.Message, e);
        }
    }
}

public sealed record CountryResult(RunInfo Run, BenchOptions Options, CountryFigures Figures, IReadOnlyList<ProcessUsage> LoadProcesses, IReadOnlyList<ProcessUsage> TouchProcesses);
