using Canvass.Contracts.Care;
using Canvass.Gateway.Care;
using Canvass.Gateway.Hosting;
using Canvass.Gateway.Ingest;
using Canvass.Registry;

namespace Canvass.Silo.Simulation;

/// <summary>
/// Home quarantine and care in the simulation, through the real ingest kinds and <see cref="CareSteps"/>: a
/// screening finding places its household under quarantine; each due check arrives mostly on time, sometimes late,
/// sometimes never, now and then with a fever; sealed households ask for groceries, water, takeaway and the rest, and
/// volunteers accept after minutes and deliver after twenty minutes to hours (some past the deadline), all
/// <see cref="SimulationOptions.CareSpeedup"/> times faster than life. Driven by <see cref="ScreeningSimulator"/>'s ticks.
/// </summary>
public sealed partial class CareSimulation(
    UnitRegistry registry,
    IngestPipeline ingest,
    QuarantineReports quarantines,
    HealthCheckReports checks,
    CareRequests requests,
    CareSteps steps,
    UnitGrains grains,
    TimeProvider time,
    ILogger<CareSimulation> logger)
{
    // Who the journal and the requests' histories record: no token sends them.
    private const string SubmittedBy = "simulation";

    // Open quarantines the simulation keeps at most, so that a long run stays bounded (new findings wait meanwhile).
    private const int MaxQuarantines = 600;

    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan QuarantineLength = TimeSpan.FromDays(14);

    // How often a sealed household asks for something in life (twice a day); divided by the speed-up when played.
    private static readonly TimeSpan RequestsEvery = TimeSpan.FromHours(12);

    private readonly Random _random = new(20200124);
    private readonly Queue<(RegistryUnit Site, int Household, string Kind)> _found = new();
    private readonly Dictionary<(string Site, int Household), Sealed> _sealed = new();
    private readonly List<(DateTimeOffset At, Sealed Household, bool Missed)> _checksDue = [];
    private readonly List<(DateTimeOffset At, string Id, CareStep Step)> _stepsDue = [];
    private DateTimeOffset _next;
    private long _sequence;
    private bool _resumed;

    /// <summary>A screening visit found a household to quarantine (homeQuarantine or keyAreaObservation).</summary>
    public void Found(RegistryUnit site, int household, string kind)
    {
        if (_found.Count < MaxQuarantines && !_sealed.ContainsKey((site.Id, household)))
        {
            _found.Enqueue((site, household, kind));
        }
    }

    /// <summary>Runs once a second at most: places, checks, requests and steps what is due by now.</summary>
    public async Task TickAsync(long run)
    {
        var now = time.GetUtcNow();
        if (now < _next)
        {
            return;
        }

        _next = now + Every;
        if (!_resumed)
        {
            await ResumeAsync(now);
            _resumed = true;
        }

        await PlaceAsync(now, run);
        await CheckAsync(now, run);
        await RequestAsync(now, run);
        await StepAsync(now);
    }

    private async Task PlaceAsync(DateTimeOffset now, long run)
    {
        var batch = new List<QuarantineDto>();
        while (_found.Count > 0 && _sealed.Count + batch.Count < MaxQuarantines)
        {
            var (site, household, kind) = _found.Dequeue();
            if (_sealed.ContainsKey((site.Id, household)))
            {
                continue;
            }

            var id = $"sim-q-{run}-{++_sequence}";
            var residents = 1 + _random.Next(4);
            batch.Add(new QuarantineDto
            {
                QuarantineId = id, SiteId = site.Id, Household = household, Kind = kind,
                Start = now, PlannedEnd = now + QuarantineLength, Residents = residents,
            });
            Seal(new Sealed(site.Id, household, residents, NextSlot(now)));
        }

        if (batch.Count > 0)
        {
            var result = await ingest.IngestAsync(quarantines, batch, registry.Root, SubmittedBy);
            for (var i = 0; i < batch.Count; i++)
            {
                // A refused placement (the household sealed by another id) is not played: its checks would be refused too.
                if (result.Results[i].Status == ReportStatus.Rejected)
                {
                    var key = (batch[i].SiteId!, batch[i].Household!.Value);
                    _checksDue.RemoveAll(c => c.Household == _sealed[key]);
                    _sealed.Remove(key);
                }
            }

            LogPlaced(result.Accepted, _sealed.Count);
        }
    }

    /// <summary>
    /// Takes over what an earlier run left open in the journal (the silo restarted): its quarantines are checked and
    /// its requests delivered from now on, instead of missing every check and going overdue for good.
    /// </summary>
    private async Task ResumeAsync(DateTimeOffset now)
    {
        var root = grains.Unit(registry.Root.Id);
        foreach (var quarantine in await root.GetQuarantinesAsync(MaxQuarantines))
        {
            if (quarantine.EndedAt is null && !_sealed.ContainsKey((quarantine.SiteId, quarantine.Household)))
            {
                Seal(new Sealed(quarantine.SiteId, quarantine.Household, Math.Max(1, quarantine.Residents), NextSlot(now)));
            }
        }

        var open = await root.GetCareAsync(CareListState.Open, 10 * MaxQuarantines);
        foreach (var request in open)
        {
            Schedule(request.Id, now);
        }

        if (_sealed.Count > 0 || open.Count > 0)
        {
            LogResumed(_sealed.Count, open.Count);
        }
    }

    private void Seal(Sealed household)
    {
        _sealed[(household.Site, household.Household)] = household;
        Plan(household);
    }

    /// <summary>The household's next due check: 85 in 100 on time, 10 late (after the grace), 5 never.</summary>
    private void Plan(Sealed household)
    {
        var slot = household.NextSlot;
        household.NextSlot = slot + SimulationOptions.CheckEvery;
        var roll = _random.NextDouble();
        if (roll < 0.05)
        {
            // Missed: the next slot is planned once this one has passed.
            _checksDue.Add((slot, household, true));
            return;
        }

        var grace = SimulationOptions.CheckGrace.TotalSeconds;
        var delay = roll < 0.90 ? _random.NextDouble() * grace * 0.8 : grace + 30 + _random.NextDouble() * grace;
        _checksDue.Add((slot + TimeSpan.FromSeconds(delay), household, false));
    }

    private async Task CheckAsync(DateTimeOffset now, long run)
    {
        var batch = new List<HealthCheckDto>();
        for (var i = _checksDue.Count - 1; i >= 0; i--)
        {
            var (at, household, missed) = _checksDue[i];
            if (at > now)
            {
                continue;
            }

            _checksDue.RemoveAt(i);
            Plan(household);
            if (missed)
            {
                continue;
            }

            // About one check in two hundred finds a fever (in one resident).
            var fever = _random.Next(200) == 0;
            batch.Add(new HealthCheckDto
            {
                CheckId = $"sim-k-{run}-{++_sequence}", SiteId = household.Site, Household = household.Household, At = now,
                Readings = [.. Enumerable.Range(0, household.Residents).Select(r => r == 0 && fever
                    ? new ReadingDto { Status = "fever", Temperature = Math.Round(37.4 + _random.NextDouble() * 1.6, 1) }
                    : new ReadingDto { Status = "normal", Temperature = Math.Round(36.2 + _random.NextDouble() * 0.8, 1) })],
            });
        }

        if (batch.Count > 0)
        {
            await ingest.IngestAsync(checks, batch, registry.Root, SubmittedBy);
        }
    }

    private async Task RequestAsync(DateTimeOffset now, long run)
    {
        // Each sealed household asks about every RequestsEvery (sped up), at random.
        var chance = Every / (RequestsEvery / SimulationOptions.CareSpeedup);
        var batch = new List<CareRequestDto>();
        foreach (var household in _sealed.Values)
        {
            if (_random.NextDouble() >= chance)
            {
                continue;
            }

            var (category, notes) = CareDemand.Pick(_random);
            var careId = $"sim-c-{run}-{++_sequence}";
            batch.Add(new CareRequestDto
            {
                CareId = careId, SiteId = household.Site, Household = household.Household, Category = category,
                Note = notes[_random.Next(notes.Length)], RequestedAt = now,
            });
            Schedule(CareIds.Format(household.Site, careId), now);
        }

        if (batch.Count > 0)
        {
            await ingest.IngestAsync(requests, batch, registry.Root, SubmittedBy);
        }
    }

    /// <summary>Accepted after 2 to 30 minutes (3 in 100 delivered without), delivered 20 minutes to hours later.</summary>
    private void Schedule(string id, DateTimeOffset requestedAt)
    {
        var speedup = SimulationOptions.CareSpeedup;
        var accepted = requestedAt + TimeSpan.FromMinutes(2 + _random.NextDouble() * 28) / speedup;
        // Exponential beyond the first 20 minutes, mean 50: most within the hour, a few past every deadline.
        var deliver = TimeSpan.FromMinutes(20 - 50 * Math.Log(1 - _random.NextDouble()));
        if (_random.Next(100) >= 3)
        {
            _stepsDue.Add((accepted, id, CareStep.Accept));
        }

        _stepsDue.Add((accepted + Min(deliver, TimeSpan.FromHours(8)) / speedup, id, CareStep.Deliver));
    }

    private async Task StepAsync(DateTimeOffset now)
    {
        for (var i = _stepsDue.Count - 1; i >= 0; i--)
        {
            var (at, id, step) = _stepsDue[i];
            if (at > now)
            {
                continue;
            }

            _stepsDue.RemoveAt(i);
            await steps.StepCareAsync(id, step, reason: null, at: null, registry.Root, SubmittedBy);
        }
    }

    /// <summary>The first check slot after <paramref name="now"/>: slots are <see cref="SimulationOptions.CheckEvery"/> apart from local midnight.</summary>
    private DateTimeOffset NextSlot(DateTimeOffset now)
    {
        var local = registry.ToLocal(now);
        var midnight = new DateTimeOffset(local.Date, local.Offset);
        var slots = Math.Floor((local - midnight) / SimulationOptions.CheckEvery) + 1;
        return (midnight + SimulationOptions.CheckEvery * slots).ToUniversalTime();
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>A sealed household as the simulation plays it: where, how many residents, its next due check.</summary>
    private sealed class Sealed(string site, int household, int residents, DateTimeOffset nextSlot)
    {
        public string Site { get; } = site;
        public int Household { get; } = household;
        public int Residents { get; } = residents;
        public DateTimeOffset NextSlot { get; set; } = nextSlot;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulation: resumed {Quarantines} open quarantines and {Requests} open care requests of an earlier run")]
    private partial void LogResumed(int quarantines, int requests);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulation: {Placed} households placed under quarantine, {Open} open")]
    private partial void LogPlaced(int placed, int open);
}
