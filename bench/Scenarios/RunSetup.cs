using System.Diagnostics;
using System.Net;
using Canvass.Bench.Cli;
using Canvass.Bench.Load;
using Canvass.Bench.Metrics;
using Canvass.Bench.Registry;

namespace Canvass.Bench.Scenarios;

/// <summary>What both scenarios need before the first report: the registry, a checked server, the probes, a run id.</summary>
public sealed class RunSetup : IDisposable
{
    private RunSetup(BenchOptions options, IReadOnlyList<Site> sites, string sitesPath, ReportClient client, IReadOnlyList<ProcessProbe> probes, string runId, int seed)
    {
        Options = options;
        Sites = sites;
        SitesPath = sitesPath;
        Client = client;
        Probes = probes;
        RunId = runId;
        Seed = seed;
    }

    public BenchOptions Options { get; }
    public IReadOnlyList<Site> Sites { get; }
    public string SitesPath { get; }
    public ReportClient Client { get; }
    public IReadOnlyList<ProcessProbe> Probes { get; }

    /// <summary>Starts every report id, so a rerun against the same server never collides as a duplicate.</summary>
    public string RunId { get; }

    public int Seed { get; }
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.Now;

    public static async Task<RunSetup> CreateAsync(BenchOptions options, CancellationToken cancel)
    {
        string path;
        IReadOnlyList<Site> sites;
        try
        {
            path = SitesCsv.Locate(options.SitesPath);
            sites = SitesCsv.Read(path);
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            throw new BenchException(e.Message, e);
        }

        var client = new ReportClient(options.Url, options.Token, options.MetricsUrl);
        try
        {
            await CheckServerAsync(client, options.Url, sites, cancel);
        }
        catch
        {
            client.Dispose();
            throw;
        }

        var probes = new List<ProcessProbe>();
        if (options.ServerPid is { } pid)
        {
            probes.Add(ProcessProbe.TryCreate(pid, "server", out var problem)
                ?? throw new BenchException($"--server-pid {pid}: {problem}"));
        }

        // The bench's own CPU shows how much of a shared 2-core box the load generator itself took.
        if (ProcessProbe.TryCreate(Environment.ProcessId, "bench", out _) is { } self)
        {
            probes.Add(self);
        }

        var seed = options.Seed ?? Random.Shared.Next();
        var runId = $"b{DateTime.UtcNow:MMddHHmmss}{Random.Shared.Next(0x10000):x4}";
        return new RunSetup(options, sites, path, client, probes, runId, seed);
    }

    public IEnumerable<ProcessUsage> EndProbeWindows() => Probes.Select(p => p.EndWindow()).ToArray();

    public void BeginProbeWindows()
    {
        foreach (var probe in Probes)
        {
            probe.BeginWindow();
        }
    }

    public void Dispose() => Client.Dispose();

    private static async Task CheckServerAsync(ReportClient client, Uri url, IReadOnlyList<Site> sites, CancellationToken cancel)
    {
        UnitSummary city;
        var watch = Stopwatch.StartNew();
        try
        {
            city = await client.GetUnitAsync(Site.CityId, cancel);
        }
        catch (HttpRequestException e) when (e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new BenchException($"the server at {url} answered GET /api/units/{Site.CityId} with {(int)e.StatusCode}: the bench needs an admin token of the city " +
                "(--token; bench/run.sh mints one, or: dotnet run --project src/Silo -- token --role admin --unit 4403 with the server's key)", e);
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException)
        {
            throw new BenchException($"the server at {url} does not answer GET /api/units/{Site.CityId}: {e.Message}", e);
        }

        var registered = sites.Sum(s => (long)s.Households);
        Console.WriteLine($"server {url}: city {city.Id} answered in {watch.ElapsedMilliseconds} ms, {city.Sites} sites, {city.RegisteredHouseholds:#,0} households, {city.ScreenedHouseholds:#,0} screened");
        if (city.RegisteredHouseholds != registered || city.Sites != sites.Count)
        {
            // Reports to sites the server does not know would all be rejected; say so before the numbers look odd.
            Console.WriteLine($"warning: the sites file has {sites.Count} sites and {registered:#,0} households; the server's registry differs.");
        }
    }
}
