using System.Text.Json;
using Canvass.Abstractions.DailyReports;
using Canvass.Grains.Rollup;
using Canvass.Grains.Screening;
using Canvass.Registry;
using Canvass.Storage;
using Canvass.Storage.DailyReports;
using Canvass.Storage.History;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace Canvass.Grains.DailyReports;

/// <summary>
/// Freezes every unit's figures at each day's cut-off into that day's report (<see cref="IDailyReportStore"/>,
/// written once) and answers the published reports. The figures are the as-received history as of the cut-off,
/// read once the settle time has passed, so what a late upload changes afterwards never reaches a published day.
/// </summary>
/// <remarks>
/// As <c>CasePlacesGrain</c>: a cut-off that has passed is processed before anything else the grain does (a read,
/// its timer), and a reminder brings it back after a silo restart, so no day passes unpublished; days missed while
/// the service was down are published at start, each with the figures as of its own cut-off. A deployment's first
/// start publishes the latest due day only, not the days before the service existed.
/// </remarks>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed partial class DailyReportsGrain(
    UnitRegistry registry,
    IUnitHistoryStore history,
    ISiteJournal journal,
    IDailyReportStore store,
    DailyReportSchedule schedule,
    IOptions<DailyReportsOptions> options,
    IOptions<RollupOptions> rollup,
    ScreeningClock clock,
    ILogger<DailyReportsGrain> logger) : Grain, IDailyReportsGrain, IRemindable
{
    private const string WakeReminder = "daily-reports";
    private static readonly byte[] LateKinds = [JournalMapping.HouseholdKind, JournalMapping.CheckpointKind];

    private readonly SortedDictionary<DateOnly, DailyReportDate> _published = [];
    private ObserverManager<IDailyReportsObserver, IDailyReportsObserver>? _observers;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var header in await store.ListAsync(cancellationToken))
        {
            _published[header.Date] = new DailyReportDate(header.Date, header.CutOff, header.PublishedAt);
        }

        _observers = new(rollup.Value.WatchLease, logger);
        var interval = options.Value.CheckInterval;
        this.RegisterGrainTimer(CheckAsync, new GrainTimerCreationOptions(interval, interval) { KeepAlive = true });
        // Brings the grain back after a silo restart even if nobody calls it, so that no cut-off passes unpublished.
        await this.RegisterOrUpdateReminder(WakeReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    Task IRemindable.ReceiveReminder(string reminderName, TickStatus status) => CheckAsync();

    public async Task<DailyReport?> GetAsync(DateOnly date, string unitId)
    {
        await CheckBeforeReadAsync();
        if (!_published.TryGetValue(date, out var day) || !registry.TryGet(unitId, out var unit))
        {
            return null;
        }

        var ids = new List<string>(unit.Children.Count + 1) { unit.Id };
        ids.AddRange(unit.Children.Select(c => c.Id));
        var rows = (await store.GetRowsAsync(date, ids)).ToDictionary(r => r.UnitId, r => Read(r), StringComparer.Ordinal);
        var own = rows.TryGetValue(unit.Id, out var figures) ? figures : new FrozenFigures(unit.EmptySummary(), new LateArrivalCounts(0, 0));
        var children = unit.Children.Select(c => rows.TryGetValue(c.Id, out var f) ? f.Summary : c.EmptySummary()).ToList();
        return new DailyReport(day.Date, day.CutOff, day.PublishedAt, own.Summary, children, own.Late);
    }

    public async Task<IReadOnlyList<DailyReportDate>> ListAsync()
    {
        await CheckBeforeReadAsync();
        return [.. _published.Values];
    }

    public Task WatchAsync(IDailyReportsObserver observer)
    {
        _observers!.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task<DateOnly?> FollowAsync(IDailyReportsObserver observer)
    {
        _observers!.Subscribe(observer, observer);
        return Task.FromResult<DateOnly?>(_published.Count == 0 ? null : _published.Keys.Last());
    }

    /// <summary>
    /// Publishes what is due before a read, so that a day past its cut-off reads as published at once; a failure is
    /// the timer's to retry, and must not keep the days already frozen from being read.
    /// </summary>
    private async Task CheckBeforeReadAsync()
    {
        try
        {
            await CheckAsync();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The daily report due could not be published before a read; the published days are read as they are");
        }
    }

    /// <summary>Publishes every day due since the last published one, oldest first.</summary>
    private async Task CheckAsync()
    {
        var now = clock.UtcNow;
        var due = schedule.LatestDue(now);
        var first = _published.Count == 0 ? due : _published.Keys.Last().AddDays(1);
        for (var date = first; date <= due; date = date.AddDays(1))
        {
            var day = await PublishAsync(date, now);
            _published[date] = day;
            await _observers!.Notify(o => o.OnPublishedAsync(day));
        }
    }

    private async Task<DailyReportDate> PublishAsync(DateOnly date, DateTimeOffset now)
    {
        var cutOff = schedule.CutOffOf(date);
        var previous = schedule.CutOffOf(date.AddDays(-1));
        var units = registry.Units.ToList();
        var points = (await history.AsOfManyAsync(units.Select(u => u.Id).ToList(), cutOff))
            .ToDictionary(p => p.UnitId, p => p.Summary, StringComparer.Ordinal);
        var late = await LateAsync(previous, cutOff);
        var rows = units.Select(u => new DailyReportRow(u.Id, JsonSerializer.Serialize(
            new FrozenFigures(
                points.TryGetValue(u.Id, out var summary) ? Summary(summary, u) : u.EmptySummary(),
                late.TryGetValue(u.Id, out var counts) ? new LateArrivalCounts(counts.Households, counts.Checkpoints) : new LateArrivalCounts(0, 0)),
            WireJsonOptions.Default))).ToList();

        var header = new DailyReportHeader(date, registry.ToLocal(cutOff), registry.ToLocal(now));
        if (!await store.PublishAsync(header, rows))
        {
            // Another activation (a silo that held this grain before a split) published it first: that one stands.
            var stored = (await store.ListAsync()).First(h => h.Date == date);
            return new DailyReportDate(stored.Date, stored.CutOff, stored.PublishedAt);
        }

        LogPublished(date, rows.Count);
        return new DailyReportDate(header.Date, header.CutOff, header.PublishedAt);
    }

    /// <summary>Late arrivals for the day before, per unit: each site's counts added to it and to every ancestor.</summary>
    private async Task<Dictionary<string, (long Households, long Checkpoints)>> LateAsync(DateTimeOffset previousCutOff, DateTimeOffset cutOff)
    {
        var counts = new Dictionary<string, (long Households, long Checkpoints)>(StringComparer.Ordinal);
        var arrivals = await journal.CountArrivedLateAsync(previousCutOff.UtcTicks, previousCutOff.UtcTicks, cutOff.UtcTicks, LateKinds);
        foreach (var arrival in arrivals)
        {
            if (!registry.TryGet(arrival.SiteId, out var site))
            {
                continue; // a stream of its own (case places) or a site the registry no longer has
            }

            for (RegistryUnit? unit = site; unit is not null; unit = unit.Parent)
            {
                var (households, checkpoints) = counts.GetValueOrDefault(unit.Id);
                counts[unit.Id] = arrival.Kind == JournalMapping.HouseholdKind
                    ? (households + arrival.Count, checkpoints)
                    : (households, checkpoints + arrival.Count);
            }
        }

        return counts;
    }

    private static UnitSummary Summary(string json, RegistryUnit unit) =>
        JsonSerializer.Deserialize<UnitSummary>(json, WireJsonOptions.Default) ?? unit.EmptySummary();

    private static FrozenFigures Read(DailyReportRow row) =>
        JsonSerializer.Deserialize<FrozenFigures>(row.Figures, WireJsonOptions.Default)
            ?? throw new InvalidDataException($"The daily report row of {row.UnitId} holds no figures.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Published the daily report of {Date}: {Units} units")]
    private partial void LogPublished(DateOnly date, int units);
}

/// <summary>One unit's row of a day's report as stored: its summary as of the cut-off and its late arrivals.</summary>
internal sealed record FrozenFigures(UnitSummary Summary, LateArrivalCounts Late);
