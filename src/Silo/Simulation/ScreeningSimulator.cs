using Canvass.Gateway.Ingest;
using Canvass.Registry;

namespace Canvass.Silo.Simulation;

/// <summary>
/// Plays door-to-door screening of the registry through the real ingest path, so that a new user sees the figures
/// move: teams work through compounds household by household, find a few fevers and quarantines (most followed up
/// by a second visit, some not), entrances report their checkpoint (a few open or unstaffed), and some compounds
/// are never visited (they stay stale). Households found for home quarantine or key-area observation are sealed and
/// cared for by <see cref="CareSimulation"/>.
/// </summary>
public sealed partial class ScreeningSimulator(
    SimulationOptions options,
    UnitRegistry registry,
    IngestPipeline ingest,
    HouseholdReports reports,
    CheckpointReports checkpoints,
    TimeProvider time,
    IServiceProvider services,
    ILogger<ScreeningSimulator> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    // Who the journal records as the submitter of simulated reports: no token sends them.
    private const string SubmittedBy = "simulation";

    // Each tick one visited site in this many reports its checkpoint, so that the city fills in over minutes.
    private const int CheckpointsPerTick = 2;

    private readonly Random _random = new(20200203);
    private readonly Queue<(RegistryUnit Site, int Household)> _followUps = new();
    private long _sequence;

    // Built here rather than registered: it exists only while this simulator runs.
    private readonly CareSimulation _care = ActivatorUtilities.CreateInstance<CareSimulation>(services);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var run = time.GetUtcNow().ToUnixTimeSeconds();
        // One site in twenty falls silent: no team ever comes.
        var visited = registry.Sites.Where(_ => _random.Next(20) != 0).ToArray();
        var teams = Enumerable.Range(0, Math.Max(10, (int)(options.ReportsPerSecond / 5)))
            .Select(t => new Team($"team-{t}", visited[_random.Next(visited.Length)]))
            .ToArray();
        LogStarted(options.ReportsPerSecond, teams.Length, visited.Length, registry.Sites.Count);

        using var timer = new PeriodicTimer(Tick);
        var owed = 0.0;
        var sent = 0L;
        var nextLog = time.GetUtcNow() + TimeSpan.FromSeconds(10);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            owed += options.ReportsPerSecond * Tick.TotalSeconds;
            var batch = new List<ReportDto>((int)owed);
            for (; owed >= 1; owed--)
            {
                var team = teams[_random.Next(teams.Length)];
                batch.Add(Visit(team, run));
                if (team.Next > team.Site.Households)
                {
                    team.MoveTo(visited[_random.Next(visited.Length)]);
                }
            }

            // Seven findings in ten get their follow-up visit, in the order found; the rest become alerts.
            if (_followUps.Count > 0 && _random.Next(10) < 7)
            {
                var (site, household) = _followUps.Dequeue();
                batch.Add(FollowUp(site, household, run));
                _care.Found(site, household, "homeQuarantine");
            }
            else if (_followUps.Count > 0)
            {
                _followUps.Dequeue();
            }

            try
            {
                var result = await ingest.IngestAsync(reports, batch, registry.Root, SubmittedBy);
                sent += result.Accepted;
                await ingest.IngestAsync(checkpoints, Checkpoints(visited, run), registry.Root, SubmittedBy);
                await _care.TickAsync(run);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogBatchFailed(e);
            }

            if (time.GetUtcNow() >= nextLog)
            {
                nextLog += TimeSpan.FromSeconds(10);
                LogProgress(sent);
            }
        }
    }

    private ReportDto Visit(Team team, long run)
    {
        var roll = _random.NextDouble();
        var outcome = roll < 0.88 ? "screened" : roll < 0.98 ? "absent" : "refused";
        var residents = outcome == "screened" ? Residents() : null;
        if (residents?.Exists(r => r!.Status is "fever" or "suspected") == true)
        {
            _followUps.Enqueue((team.Site, team.Next));
        }
        else if (residents?.Exists(r => r!.Status == "keyAreaObservation") == true && _random.Next(10) == 0)
        {
            // One key-area arrival in ten is placed under observation at home (the rest were already known).
            _care.Found(team.Site, team.Next, "keyAreaObservation");
        }

        return new ReportDto
        {
            ReportId = $"sim-{run}-{++_sequence}",
            SiteId = team.Site.Id,
            Household = team.Next++,
            ScreenedAt = time.GetUtcNow(),
            ScreenerId = team.Id,
            Outcome = outcome,
            Residents = residents,
        };
    }

    private ReportDto FollowUp(RegistryUnit site, int household, long run) => new()
    {
        ReportId = $"sim-{run}-{++_sequence}",
        SiteId = site.Id,
        Household = household,
        ScreenedAt = time.GetUtcNow(),
        ScreenerId = "follow-up-team",
        Outcome = "screened",
        Residents = [new ResidentDto { Status = "homeQuarantine" }],
    };

    private List<CheckpointDto> Checkpoints(RegistryUnit[] visited, long run)
    {
        var reports = new List<CheckpointDto>(CheckpointsPerTick);
        for (var i = 0; i < CheckpointsPerTick; i++)
        {
            reports.Add(new CheckpointDto
            {
                ReportId = $"sim-cp-{run}-{++_sequence}",
                SiteId = visited[_random.Next(visited.Length)].Id,
                At = time.GetUtcNow(),
                Closed = _random.Next(40) != 0,
                Staffed = _random.Next(50) != 0,
                TemperatureChecks = 20 + _random.Next(200),
            });
        }

        return reports;
    }

    private List<ResidentDto?> Residents()
    {
        var count = 1 + _random.Next(5);
        var residents = new List<ResidentDto?>(count);
        for (var i = 0; i < count; i++)
        {
            var roll = _random.NextDouble();
            var status = roll switch
            {
                < 0.0002 => "confirmed",
                < 0.0012 => "suspected",
                < 0.0052 => "fever",
                < 0.0072 => "centralQuarantine",
                < 0.0172 => "homeQuarantine",
                < 0.0372 => "keyAreaObservation",
                _ => "normal",
            };
            residents.Add(new ResidentDto { Status = status });
        }

        return residents;
    }

    private sealed class Team(string id, RegistryUnit site)
    {
        public string Id { get; } = id;
        public RegistryUnit Site { get; private set; } = site;
        public int Next { get; set; } = 1;

        public void MoveTo(RegistryUnit site)
        {
            Site = site;
            Next = 1;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulating screening at {Rate} reports/s: {Teams} teams over {Visited} of {Sites} sites (the rest fall silent)")]
    private partial void LogStarted(double rate, int teams, int visited, int sites);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulation: {Accepted} reports accepted so far")]
    private partial void LogProgress(long accepted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulation batch failed")]
    private partial void LogBatchFailed(Exception exception);
}
