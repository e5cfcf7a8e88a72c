using Canvass.Abstractions.Screening;
using Canvass.Storage.History;

namespace Canvass.Grains.Screening;

/// <summary>
/// A site's figures by screening time, as additive rows per <c>History:Interval</c> bucket (the bucket of a report
/// ends at the first boundary at or after its <c>screenedAt</c> or <c>at</c>): a report that replaces a household's
/// result adds the new result and takes away the old one at the report's bucket, so the sum of the rows up to T is
/// what the households' latest reports screened by T say; the checkpoint figures are added to the same rows by
/// <see cref="Checkpoints.CheckpointTimeline"/>. A report timed before <c>History:LateWindow</c> before its arrival
/// counts from the oldest bucket still provisional then, so final buckets never change. Bounded: rows of final
/// buckets are dropped once handed to the recorder (<see cref="Prune"/>), so it holds at most the late window's
/// buckets with reports in them (and, for checkpoint checks, the hour after).
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
        var bucket = Place(screenedAtUtcTicks, arrivedAtUtcTicks);
        var row = Row(bucket);
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
    }

    /// <summary>Adds <paramref name="difference"/> to value <paramref name="value"/> (one of <see cref="ScreeningValues"/>) of the row at <paramref name="bucket"/>.</summary>
    public void Add(long bucket, int value, long difference)
    {
        if (difference != 0)
        {
            Row(bucket)[value] += difference;
        }
    }

    /// <summary>
    /// The bucket a report timed <paramref name="atUtcTicks"/> counts in: its own, or the oldest provisional one as of
    /// <paramref name="arrivedAtUtcTicks"/> when that is later (0: arrival unknown, no clamp).
    /// </summary>
    public long Place(long atUtcTicks, long arrivedAtUtcTicks) =>
        arrivedAtUtcTicks > 0 ? Math.Max(BucketOf(atUtcTicks), OldestProvisional(arrivedAtUtcTicks)) : BucketOf(atUtcTicks);

    /// <summary>The end of the bucket <paramref name="ticks"/> falls in: the first boundary at or after it.</summary>
    public long BucketOf(long ticks) => (ticks + _interval - 1) / _interval * _interval;

    /// <summary>Whether a bucket is final as of <paramref name="nowUtcTicks"/> (at or before now − late window).</summary>
    public bool IsFinal(long bucket, long nowUtcTicks) => bucket <= nowUtcTicks - _lateWindow;

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
        while (_rows.Count > 0 && _rows.Keys.First() is var first && IsFinal(first, nowUtcTicks) && !_dirty.Contains(first))
        {
            _rows.Remove(first);
        }
    }

    /// <summary>The oldest bucket held, or null for none.</summary>
    internal long? OldestBucket => _rows.Count == 0 ? null : _rows.Keys.First();

    /// <summary>For the site's snapshot: a count, then each bucket's end (UTC ticks) and its values.</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write(_rows.Count);
        foreach (var (bucket, values) in _rows)
        {
            writer.Write(bucket);
            foreach (var value in values)
            {
                writer.Write(value);
            }
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote, <paramref name="values"/> values a row (fewer in older snapshots: the rest are 0).</summary>
    public void Read(BinaryReader reader, int values)
    {
        var rows = reader.ReadInt32();
        for (var i = 0; i < rows; i++)
        {
            var bucket = reader.ReadInt64();
            var row = new long[ScreeningValues.Count];
            for (var v = 0; v < values; v++)
            {
                row[v] = reader.ReadInt64();
            }

            _rows[bucket] = row;
        }
    }

    // The row of a bucket, made on its first report; changed from now on.
    private long[] Row(long bucket)
    {
        if (!_rows.TryGetValue(bucket, out var row))
        {
            _rows[bucket] = row = new long[ScreeningValues.Count];
        }

        _dirty.Add(bucket);
        return row;
    }

    // The first bucket end strictly after now − late window: a point there is provisional.
    private long OldestProvisional(long nowTicks) => (nowTicks - _lateWindow) / _interval * _interval + _interval;
}
