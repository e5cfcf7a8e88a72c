using Canvass.Abstractions.Screening;
using Canvass.Storage.History;

namespace Canvass.Grains.Screening;

/// <summary>
/// A site's screening figures by screening time, as additive rows per <c>History:Interval</c> bucket (the bucket of
/// a report ends at the first boundary at or after its <c>screenedAt</c>): a report that replaces a household's
/// result adds the new result and takes away the old one at the report's bucket, so the sum of the rows up to T is
/// what the households' latest reports screened by T say. A report screened before <c>History:LateWindow</c> before
/// its arrival counts from the oldest bucket still provisional then, so final buckets never change. Bounded: rows of
/// final buckets are dropped once handed to the recorder (<see cref="Prune"/>), so it holds at most the late window's
/// buckets with reports in them.
/// </summary>
public sealed class ScreeningTimeline
{
    private readonly SortedDictionary<long, long[]> _rows = [];
    private readonly HashSet<long> _dirty = [];
    private long _interval = new HistoryOptions().Interval.Ticks;
    private long _lateWindow = new HistoryOptions().LateWindow.Ticks;

    /// <summary>Rows held (buckets with reports in the late window, and final ones not yet pruned).</summary>
    public int Count => _rows.Count;

    /// <summary>Takes the bucket spacing and late window of the history options.</summary>
    public void Use(HistoryOptions options)
    {
        _interval = options.Interval.Ticks;
        _lateWindow = options.LateWindow.Ticks;
    }

    /// <summary>
    /// Counts a household's new result in place of its old one (<paramref name="oldOutcome"/> null when it had none; <paramref name="oldResidents"/> its counts, a byte per status)
    /// at the bucket of <paramref name="screenedAtUtcTicks"/>, or at the oldest provisional bucket as of
    /// <paramref name="arrivedAtUtcTicks"/> when that is later (0: arrival unknown, no clamp).
    /// </summary>
    public void Replace(long screenedAtUtcTicks, long arrivedAtUtcTicks, ScreeningOutcome? oldOutcome, ReadOnlySpan<byte> oldResidents,
        ScreeningOutcome outcome, ResidentCounts residents)
    {
        var bucket = BucketOf(screenedAtUtcTicks);
        if (arrivedAtUtcTicks > 0)
        {
            bucket = Math.Max(bucket, OldestProvisional(arrivedAtUtcTicks));
        }

        if (!_rows.TryGetValue(bucket, out var row))
        {
            _rows[bucket] = row = new long[ScreeningValues.Count];
        }

        if (oldOutcome is { } was)
        {
            row[(int)was - 1]--;
            // The held result's counts as the site stores them (a byte per status): no allocation per report.
            for (var s = 0; s < oldResidents.Length; s++)
            {
                row[ScreeningValues.Residents + s] -= oldResidents[s];
            }
        }

        row[(int)outcome - 1]++;
        residents.AddTo(row.AsSpan(ScreeningValues.Residents, ResidentCounts.StatusCount));
        row[ScreeningValues.LastAt] = Math.Max(row[ScreeningValues.LastAt], screenedAtUtcTicks);
        _dirty.Add(bucket);
    }

    /// <summary>The rows changed since the last call (every row after <see cref="MarkAllChanged"/>), as copies.</summary>
    public List<(long Bucket, long[] Values)> TakeChanged()
    {
        var changed = new List<(long, long[])>(_dirty.Count);
        foreach (var bucket in _dirty)
        {
            changed.Add((bucket, (long[])_rows[bucket].Clone()));
        }

        _dirty.Clear();
        return changed;
    }

    /// <summary>Every row is handed over again: at activation, which repairs a write lost with a silo.</summary>
    public void MarkAllChanged() => _dirty.UnionWith(_rows.Keys);

    /// <summary>Drops rows of final buckets (at or before now − late window) already handed over; they never change again.</summary>
    public void Prune(long nowUtcTicks)
    {
        var final = nowUtcTicks - _lateWindow;
        while (_rows.Count > 0 && _rows.Keys.First() is var first && first <= final && !_dirty.Contains(first))
        {
            _rows.Remove(first);
        }
    }

    internal IEnumerable<KeyValuePair<long, long[]>> Rows => _rows;

    internal void Restore(long bucket, long[] values) => _rows[bucket] = values;

    private long BucketOf(long ticks) => (ticks + _interval - 1) / _interval * _interval;

    // The first bucket end strictly after now − late window: a point there is provisional.
    private long OldestProvisional(long nowTicks) => (nowTicks - _lateWindow) / _interval * _interval + _interval;
}
