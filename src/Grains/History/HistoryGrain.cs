using System.Text.Json;
using Canvass.Abstractions.History;
using Canvass.Abstractions.Units;
using Canvass.Abstractions.Wire;
using Canvass.Grains.Rollup;
using Canvass.Registry;
using Canvass.Storage.History;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Canvass.Grains.History;

/// <summary>Reads unit history from the store for callers without access to it (a standalone gateway).</summary>
/// <remarks>No state: a stateless worker on every silo, each read interleaving with the others while it waits on the store.</remarks>
[StatelessWorker, Reentrant]
public sealed class HistoryGrain(IUnitHistoryStore store, UnitRegistry registry, ScreeningClock clock, IOptions<HistoryOptions> options)
    : Grain, IHistoryGrain
{
    public async Task<IReadOnlyList<UnitHistoryPoint>> RangeAsync(string unitId, DateTimeOffset from, DateTimeOffset to, int limit)
    {
        var points = await store.RangeAsync(unitId, from, to, limit);
        var result = new List<UnitHistoryPoint>(points.Count + 1);
        if (points.Count == 0 || points[0].At > from)
        {
            // A chart starts with the figures as of `from`: a unit that did not change for a while has its last
            // point before the range, and without it the range would start empty or late.
            if (await store.AsOfAsync(unitId, from) is { } before)
            {
                result.Add(Read(before));
            }
        }

        foreach (var point in points)
        {
            result.Add(Read(point));
        }

        return result;
    }

    public async Task<UnitHistoryPoint?> AsOfAsync(string unitId, DateTimeOffset at) =>
        await store.AsOfAsync(unitId, at) is { } point ? Read(point) : null;

    public async Task<IReadOnlyList<UnitHistoryPoint>> RangeByScreeningAsync(string unitId, DateTimeOffset from, DateTimeOffset to, int limit)
    {
        var received = await RangeAsync(unitId, from, to, limit);
        var (before, rows) = await store.ScreeningAsync(unitId, from, to);
        // The instants: the as-received points' and the buckets reports fall in, each once, oldest first.
        var instants = received.Select(p => p.At.UtcTicks).Concat(rows.Select(r => r.At.UtcTicks)).Distinct().Order().Take(limit).ToList();
        var result = new List<UnitHistoryPoint>(instants.Count);
        var figures = before is null ? new long[ScreeningValues.Count] : (long[])before.Clone();
        var (r, p) = (0, -1);
        foreach (var instant in instants)
        {
            while (r < rows.Count && rows[r].At.UtcTicks <= instant)
            {
                ScreeningValues.Add(figures, rows[r++].Values);
            }

            while (p + 1 < received.Count && received[p + 1].At.UtcTicks <= instant)
            {
                p++;
            }

            // Before the unit's first as-received point (a site whose first reports came late) the figures lie over
            // that first summary: the other members are the earliest the history knows. None at all: no point.
            if (received.Count > 0)
            {
                result.Add(Screened(received[Math.Max(p, 0)].Summary, instant, figures));
            }
        }

        return result;
    }

    public async Task<UnitHistoryPoint?> AsOfByScreeningAsync(string unitId, DateTimeOffset at)
    {
        var (before, _) = await store.ScreeningAsync(unitId, at, at);
        // As in a range: before the unit's first point as received, its figures lie over that first summary.
        var point = await store.AsOfAsync(unitId, at)
            ?? (before is null ? null : (await store.RangeAsync(unitId, at, DateTimeOffset.MaxValue, 1)).FirstOrDefault());
        if (point is null)
        {
            return null;
        }

        return Screened(Read(point).Summary, at.UtcTicks, before ?? new long[ScreeningValues.Count]);
    }

    // The as-received summary of the instant with the screening and checkpoint figures by their own times in its place.
    private UnitHistoryPoint Screened(UnitSummary summary, long instant, long[] figures) => new(
        registry.ToLocal(new DateTimeOffset(instant, TimeSpan.Zero)),
        summary with
        {
            ScreenedHouseholds = figures[ScreeningValues.Screened],
            AbsentHouseholds = figures[ScreeningValues.Absent],
            RefusedHouseholds = figures[ScreeningValues.Refused],
            Residents = ResidentCounts.From(figures.AsSpan(ScreeningValues.Residents, ResidentCounts.StatusCount)),
            LastReportAt = figures[ScreeningValues.LastAt] == 0 ? null : registry.ToLocal(new DateTimeOffset(figures[ScreeningValues.LastAt], TimeSpan.Zero)),
            ClosedSites = (int)figures[ScreeningValues.Closed],
            UnstaffedSites = (int)figures[ScreeningValues.Unstaffed],
            TemperatureChecksLastHour = figures[ScreeningValues.TemperatureChecks],
        },
        instant > clock.UtcNow.UtcTicks - options.Value.LateWindow.Ticks);

    public async Task<IReadOnlyList<UnitHistoryPoint>> AsOfManyAsync(IReadOnlyList<string> unitIds, DateTimeOffset at) =>
        (await store.AsOfManyAsync(unitIds, at)).Select(Read).ToArray();

    // Read into today's UnitSummary: a member added since the point was written reads as its default.
    private UnitHistoryPoint Read(HistoryPoint point) => new(
        registry.ToLocal(point.At),
        JsonSerializer.Deserialize<UnitSummary>(point.Summary, WireJsonOptions.Default)
            ?? throw new InvalidDataException($"The history point of {point.UnitId} at {point.At:O} holds no summary."));
}
