using System.Net;
using System.Runtime.InteropServices;
using Canvass.Bench.Campaign;
using Canvass.Bench.Cli;
using Canvass.Bench.Load;
using Canvass.Bench.Output;
using Canvass.Bench.Registry;

namespace Canvass.Bench.Scenarios;

/// <summary>
/// Rounds of re-screening of one district (or the city): each round reports every household of its sites again
/// with new report ids, flat out; after each round the server's memory and store are measured, and (by default)
/// the server is killed with SIGKILL and started again on the same journal, timed until the unit's figures read
/// exactly as before. The bench starts the server itself, from the command line given after <c>--</c>.
/// </summary>
public static class CampaignScenario
{
    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancel)
    {
        var startedAt = DateTimeOffset.Now;
        var (sitesPath, sites) = ReadSites(options);
        var unitId = options.City ? Site.CityId : options.District;
        var deck = new HouseholdDeck(sites);
        var seed = options.Seed ?? Random.Shared.Next();
        var runId = $"k{DateTime.UtcNow:MMddHHmmss}{Random.Shared.Next(0x10000):x4}";
        var logPath = options.ServerLog ?? Path.Combine(Path.GetTempPath(), $"canvass-campaign-{runId}.log");
        var footprint = new JournalFootprint(options.JournalPath, options.PostgreSql);
        Console.WriteLine($"campaign: unit {unitId}, {sites.Count:#,0} sites, {deck.Count:#,0} households a round, {options.Rounds} rounds, "
            + $"{options.Senders} senders x {options.Batch} reports, flat out; restart {(options.RestartEvery == 0 ? "never" : options.RestartEvery == 1 ? "after every round" : $"after every {options.RestartEvery} rounds")}; run id {runId}");
        if (!footprint.Known)
        {
            Console.WriteLine("warning: neither --journal nor --postgres: the store's bytes on disk and its snapshots are not measured.");
        }

        using var client = new ReportClient(options.Url, options.Token, options.MetricsUrl);
        using var server = new ServerHost(options.ServerCommand, logPath, client);
        Console.WriteLine($"server: {string.Join(' ', options.ServerCommand.Take(2))} ...; log {logPath}");
        await server.StartAsync(TimeSpan.FromSeconds(options.WaitSeconds), cancel);
        await server.WaitWarmAsync(TimeSpan.FromSeconds(options.WaitSeconds), cancel);
        await CheckUnitAsync(client, unitId, options.MaxSites is null ? deck.Count : null, cancel);

        var initial = await footprint.MeasureAsync(cancel);
        var runner = new RoundRunner(options, client, server, deck, new UnitReads(client, unitId), footprint, runId, seed);
        var rounds = new List<RoundFigures>();
        for (var round = 1; round <= options.Rounds && !cancel.IsCancellationRequested; round++)
        {
            var figures = await runner.RunAsync(round, cancel);
            rounds.Add(figures);
            CampaignSummary.PrintRound(figures, options.Rounds);
            if (figures.Restart is { KillToExactSeconds: null })
            {
                // Every later figure would be measured on a server that lost or changed something: stop here.
                Console.WriteLine($"the restart after round {round} did not reach the figures of before the kill within {options.SettleSeconds:0} s (see --settle); stopping.");
                break;
            }
        }

        var accepted = 0L;
        var points = new List<(double, double)>();
        if (initial.DiskBytes is { } start)
        {
            points.Add((0, start));
        }

        foreach (var r in rounds)
        {
            accepted += r.Accepted;
            if (r.JournalBytes is { } bytes && initial.DiskBytes is not null)
            {
                points.Add((accepted, bytes));
            }
        }

        var disk = DiskGrowth.Fit(points);
        var run = new RunInfo("campaign", runId, startedAt, options.Url.ToString(), sitesPath, sites.Count, deck.Count, Environment.ProcessorCount, RuntimeInformation.OSDescription, seed);
        var result = new CampaignResult(run, options, unitId, sites.Count, deck.Count, initial, rounds, disk, CampaignVerdicts.Judge(rounds, disk), logPath);
        CampaignSummary.Print(result);
        var file = ResultFile.Write(options.OutPath, "campaign", startedAt, result, ResultJson.Default.CampaignResult);
        Console.WriteLine();
        Console.WriteLine($"result: {file}");

        // Non-zero when a round lost or refused reports or a restart was not exact: the figures then describe a failing server.
        var complete = rounds.Count == options.Rounds && rounds.All(r => r.Restart is not { KillToExactSeconds: null });
        return complete && rounds.All(r => r.FailedBatches == 0 && r.Rejected == 0 && r.Duplicates == 0 && r.Accepted == deck.Count) ? 0 : 1;
    }

    private static (string Path, IReadOnlyList<Site> Sites) ReadSites(BenchOptions options)
    {
        string path;
        IReadOnlyList<Site> all;
        try
        {
            path = SitesCsv.Locate(options.SitesPath);
            all = SitesCsv.Read(path);
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            throw new BenchException(e.Message, e);
        }

        var sites = options.City ? all : [.. all.Where(s => s.DistrictId == options.District)];
        if (options.MaxSites is { } max)
        {
            sites = [.. sites.Take(max)];
        }

        return sites.Count > 0 ? (path, sites) : throw new BenchException($"{path} has no site with households in district {options.District}.");
    }

    /// <summary>The token reads the unit, and the server's registry has the households the deck will report.</summary>
    private static async Task CheckUnitAsync(ReportClient client, string unitId, long? households, CancellationToken cancel)
    {
        UnitSummary unit;
        try
        {
            unit = await client.GetUnitAsync(unitId, cancel);
        }
        catch (HttpRequestException e) when (e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            throw new BenchException($"GET /api/units/{unitId} answered {(int)e.StatusCode}: the bench needs an admin token of the city (--token; bench/run.sh mints one) and a unit of the server's registry", e);
        }

        Console.WriteLine($"unit {unit.Id} {unit.Name}: {unit.Sites:#,0} sites, {unit.RegisteredHouseholds:#,0} households, {unit.ScreenedHouseholds:#,0} screened");
        if (households is { } expected && unit.RegisteredHouseholds != expected)
        {
            Console.WriteLine($"warning: the sites file has {expected:#,0} households in {unitId}; the server's registry has {unit.RegisteredHouseholds:#,0}.");
        }
    }
}

public sealed record CampaignResult(
    RunInfo Run,
    BenchOptions Options,
    string UnitId,
    int Sites,
    long HouseholdsPerRound,
    JournalBytes Initial,
    IReadOnlyList<RoundFigures> Rounds,
    DiskGrowth Disk,
    IReadOnlyList<Verdict> Verdicts,
    string ServerLog);
