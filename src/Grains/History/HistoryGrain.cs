using System.Text.Json;
using Canvass.Abstractions.History;
using Canvass.Abstractions.Units;
using Canvass.Abstractions.Wire;
using Canvass.Registry;
using Canvass.Storage.History;
using Orleans.Concurrency;

namespace Canvass.Grains.History;

/// <summary>Reads unit history from the store for callers without access to it (a standalone gateway).</summary>
/// <remarks>No state: a stateless worker on every silo, each read interleaving with the others while it waits on the store.</remarks>
[StatelessWorker, Reentrant]
public sealed class HistoryGrain(IUnitHistoryStore store, UnitRegistry registry) : Grain, IHistoryGrain
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

    public async Task<IReadOnlyList<UnitHistoryPoint>> AsOfManyAsync(IReadOnlyList<string> unitIds, DateTimeOffset at) =>
        (await store.AsOfManyAsync(unitIds, at)).Select(Read).ToArray();

    // Read into today's UnitSummary: a member added since the point was written reads as its default.
    private UnitHistoryPoint Read(HistoryPoint point) => new(
        registry.ToLocal(point.At),
        JsonSerializer.Deserialize<UnitSummary>(point.Summary, WireJsonOptions.Default)
            ?? throw new InvalidDataException($"The history point of {point.UnitId} at {point.At:O} holds no summary."));
}
