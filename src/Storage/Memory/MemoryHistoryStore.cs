using Canvass.Storage.History;

namespace Canvass.Storage.Memory;

/// <summary>Unit history in process memory: the same contract, lost on exit.</summary>
public sealed class MemoryHistoryStore(TimeSpan fineRetention) : IUnitHistoryStore
{
    private readonly Dictionary<string, List<HistoryPoint>> _units = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<long, long[]>> _screening = new(StringComparer.Ordinal);

    public MemoryHistoryStore()
        : this(new HistoryOptions().FineRetention)
    {
    }

    public Task AppendAsync(IReadOnlyList<HistoryPoint> points, CancellationToken cancellationToken = default)
    {
        // All or nothing, as a transaction would: check every point before storing any.
        foreach (var point in points)
        {
            ArgumentNullException.ThrowIfNull(point.UnitId);
            ArgumentNullException.ThrowIfNull(point.Summary);
        }

        lock (_units)
        {
            foreach (var point in points)
            {
                if (!_units.TryGetValue(point.UnitId, out var list))
                {
                    _units[point.UnitId] = list = [];
                }

                // After every point at the same instant or earlier, as the databases order ties by insertion.
                var i = list.Count;
                while (i > 0 && list[i - 1].At > point.At)
                {
                    i--;
                }

                list.Insert(i, point with { At = point.At.ToUniversalTime() });
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<HistoryPoint>> RangeAsync(string unitId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken = default)
    {
        lock (_units)
        {
            IReadOnlyList<HistoryPoint> points = _units.TryGetValue(unitId, out var list)
                ? list.Where(p => p.At >= from && p.At <= to).Take(limit).ToArray()
                : [];
            return Task.FromResult(points);
        }
    }

    public Task<HistoryPoint?> AsOfAsync(string unitId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_units)
        {
            return Task.FromResult(_units.TryGetValue(unitId, out var list) ? list.LastOrDefault(p => p.At <= at) : null);
        }
    }

    public Task<IReadOnlyList<HistoryPoint>> AsOfManyAsync(IReadOnlyList<string> unitIds, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_units)
        {
            IReadOnlyList<HistoryPoint> points = unitIds
                .Select(id => _units.TryGetValue(id, out var list) ? list.LastOrDefault(p => p.At <= at) : null)
                .OfType<HistoryPoint>().ToArray();
            return Task.FromResult(points);
        }
    }

    public Task<int> CompactAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var cutoff = HistoryHours.Cutoff(now, fineRetention);
        var removed = 0;
        lock (_units)
        {
            foreach (var list in _units.Values)
            {
                // A point goes when the next one is in the same hour; the last of each hour stays.
                var kept = new List<HistoryPoint>(list.Count);
                for (var i = 0; i < list.Count; i++)
                {
                    var at = list[i].At.UtcTicks;
                    if (at <= cutoff && i + 1 < list.Count && list[i + 1].At.UtcTicks <= HistoryHours.End(at))
                    {
                        removed++;
                        continue;
                    }

                    kept.Add(list[i]);
                }

                list.Clear();
                list.AddRange(kept);
            }
        }

        return Task.FromResult(removed);
    }

    public Task WriteScreeningAsync(IReadOnlyList<ScreeningWrite> writes, CancellationToken cancellationToken = default)
    {
        lock (_screening)
        {
            foreach (var write in writes)
            {
                var site = Rows(write.Site.UnitId);
                var at = write.Site.At.UtcTicks;
                site.TryGetValue(at, out var old);
                var difference = ScreeningValues.Difference(write.Site.Values, old);
                site[at] = (long[])write.Site.Values.Clone();
                foreach (var ancestor in write.Ancestors)
                {
                    var rows = Rows(ancestor);
                    if (!rows.TryGetValue(at, out var row))
                    {
                        rows[at] = row = new long[ScreeningValues.Count];
                    }

                    ScreeningValues.Add(row, difference);
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<(long[]? Before, IReadOnlyList<ScreeningRow> Rows)> ScreeningAsync(string unitId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        lock (_screening)
        {
            long[]? before = null;
            var inRange = new List<ScreeningRow>();
            if (_screening.TryGetValue(unitId, out var rows))
            {
                foreach (var (at, values) in rows)
                {
                    if (at <= from.UtcTicks)
                    {
                        ScreeningValues.Add(before ??= new long[ScreeningValues.Count], values);
                    }
                    else if (at <= to.UtcTicks)
                    {
                        inRange.Add(new ScreeningRow(unitId, new DateTimeOffset(at, TimeSpan.Zero), (long[])values.Clone()));
                    }
                }
            }

            return Task.FromResult<(long[]?, IReadOnlyList<ScreeningRow>)>((before, inRange));
        }
    }

    private SortedDictionary<long, long[]> Rows(string unitId)
    {
        if (!_screening.TryGetValue(unitId, out var rows))
        {
            _screening[unitId] = rows = [];
        }

        return rows;
    }

    public Task PingAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}
