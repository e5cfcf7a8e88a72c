using Canvass.Grains.Screening;
using Canvass.Storage.History;

namespace Canvass.Grains.Checkpoints;

/// <summary>
/// A site's checkpoint figures by checkpoint time, added into the rows of its <see cref="ScreeningTimeline"/>: at a
/// point T the site is closed (unstaffed) when the newest report placed at or before T says so, and its temperature
/// checks of the last hour are those of the reports with <c>at</c> in the hour up to T. A report counts at its
/// bucket, or at the oldest provisional one when it came later than <c>History:LateWindow</c> (the rules of household
/// reports), so final points never change.
/// </summary>
/// <remarks>
/// The closed and unstaffed values are steps: each row holds the change of the step at its bucket, which is why the
/// newest report placed in each bucket of the late window is kept (a late one may become the step between two
/// others), and of the final buckets only the newest report, which the first provisional step starts from. Checks
/// are a +n at the report's bucket and a −n an hour later: no report needs keeping for them. Bounded like the rows:
/// marks of final buckets are folded into that newest report at <see cref="Prune"/>.
/// </remarks>
public sealed class CheckpointTimeline(ScreeningTimeline rows)
{
    private static readonly long Hour = CheckpointState.Window.Ticks;

    // The newest report placed in each bucket, oldest bucket first, with the newest placed at or before it (the step).
    private readonly List<Mark> _marks = [];

    // The step at the end of the final buckets, and the last of them: nothing is placed at or before it any more.
    private Said _final;
    private long _finalBucket;

    /// <summary>Buckets with a report held (those of the late window, and final ones not yet folded).</summary>
    public int Count => _marks.Count;

    /// <summary>Places a report: its checks over the hour after its time, its closed and staffed as a step from its bucket on.</summary>
    public void Apply(CheckpointReported e, long arrivedAtUtcTicks)
    {
        var bucket = rows.Place(e.AtUtcTicks, arrivedAtUtcTicks);
        if (bucket <= _finalBucket)
        {
            // Arrival unknown (a replay of records from before the journal kept it): after what is final.
            bucket = rows.BucketOf(_finalBucket + 1);
        }

        Checks(bucket, e.AtUtcTicks, e.TemperatureChecks);
        Step(bucket, new Said(e.AtUtcTicks, e.Closed, e.Staffed));
    }

    /// <summary>Folds the marks of buckets final as of <paramref name="nowUtcTicks"/> into the final step.</summary>
    public void Prune(long nowUtcTicks)
    {
        var final = 0;
        while (final < _marks.Count && rows.IsFinal(_marks[final].Bucket, nowUtcTicks))
        {
            final++;
        }

        if (final > 0)
        {
            (_final, _finalBucket) = (_marks[final - 1].Step, _marks[final - 1].Bucket);
            _marks.RemoveRange(0, final);
        }
    }

    /// <summary>
    /// For a snapshot that kept no checkpoint timeline (format 6 and older): the newest report and the recent checks
    /// placed at their own buckets, but not before <paramref name="notBefore"/>, the oldest bucket whose row the site
    /// is known to hold all of (a row rewritten with only these figures would erase the households' of a bucket
    /// already dropped from memory); none when it knows of none (<see cref="long.MaxValue"/>). Deterministic, so that
    /// a second restore of the same snapshot rewrites the same rows.
    /// </summary>
    internal void Seed(CheckpointState checkpoints, long notBefore)
    {
        if (notBefore == long.MaxValue)
        {
            return;
        }

        foreach (var (at, checks, _) in checkpoints.Recent)
        {
            Checks(Math.Max(rows.BucketOf(at), notBefore), at, checks);
        }

        if (checkpoints.HasReport)
        {
            Step(Math.Max(rows.BucketOf(checkpoints.LatestAtTicks), notBefore), new Said(checkpoints.LatestAtTicks, checkpoints.Closed, checkpoints.Staffed));
        }
    }

    public void Write(BinaryWriter writer)
    {
        WriteSaid(writer, _final);
        writer.Write(_finalBucket);
        writer.Write(_marks.Count);
        foreach (var mark in _marks)
        {
            writer.Write(mark.Bucket);
            WriteSaid(writer, mark.Own);
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote; each mark's step is the newest of those before it and its own.</summary>
    public void Read(BinaryReader reader)
    {
        _final = ReadSaid(reader);
        _finalBucket = reader.ReadInt64();
        var count = reader.ReadInt32();
        _marks.Clear();
        var step = _final;
        for (var i = 0; i < count; i++)
        {
            var (bucket, own) = (reader.ReadInt64(), ReadSaid(reader));
            step = own.AtTicks > step.AtTicks ? own : step;
            _marks.Add(new Mark(bucket, own, step));
        }
    }

    // The checks count at points from their bucket up to an hour after their own: nothing when that is all final.
    private void Checks(long bucket, long atUtcTicks, int checks)
    {
        var leaves = rows.BucketOf(atUtcTicks) + Hour;
        if (checks != 0 && leaves > bucket)
        {
            rows.Add(bucket, ScreeningValues.TemperatureChecks, checks);
            rows.Add(leaves, ScreeningValues.TemperatureChecks, -checks);
        }
    }

    // The report becomes the step from its bucket on until a newer one; each row takes the change of its step's value.
    private void Step(long bucket, Said said)
    {
        var i = Find(bucket);
        if (i >= 0)
        {
            if (said.AtTicks <= _marks[i].Own.AtTicks)
            {
                // Not newer than the report held there (ties: the first stands, as for the figures as received).
                return;
            }

            _marks[i] = _marks[i] with { Own = said };
        }
        else
        {
            i = ~i;
            _marks.Insert(i, new Mark(bucket, said, i > 0 ? _marks[i - 1].Step : _final));
        }

        // Each later step older than this report becomes it; the first newer one (and all after it) stays.
        var (closed, unstaffed) = (0L, 0L);
        for (; i < _marks.Count && said.AtTicks > _marks[i].Step.AtTicks; i++)
        {
            var was = _marks[i].Step;
            var (c, u) = (said.ClosedValue - was.ClosedValue, said.UnstaffedValue - was.UnstaffedValue);
            rows.Add(_marks[i].Bucket, ScreeningValues.Closed, c - closed);
            rows.Add(_marks[i].Bucket, ScreeningValues.Unstaffed, u - unstaffed);
            (closed, unstaffed) = (c, u);
            _marks[i] = _marks[i] with { Step = said };
        }

        if (i < _marks.Count)
        {
            rows.Add(_marks[i].Bucket, ScreeningValues.Closed, -closed);
            rows.Add(_marks[i].Bucket, ScreeningValues.Unstaffed, -unstaffed);
        }
    }

    // The index of the bucket's mark, or the complement of where it goes; reports mostly come in order, so last first.
    private int Find(long bucket)
    {
        if (_marks.Count == 0 || _marks[^1].Bucket < bucket)
        {
            return ~_marks.Count;
        }

        var (low, high) = (0, _marks.Count - 1);
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var at = _marks[mid].Bucket;
            if (at == bucket)
            {
                return mid;
            }

            (low, high) = at < bucket ? (mid + 1, high) : (low, mid - 1);
        }

        return ~low;
    }

    private static void WriteSaid(BinaryWriter writer, Said said)
    {
        writer.Write(said.AtTicks);
        writer.Write((byte)((said.Closed ? 1 : 0) | (said.Staffed ? 2 : 0)));
    }

    private static Said ReadSaid(BinaryReader reader)
    {
        var (at, flags) = (reader.ReadInt64(), reader.ReadByte());
        return new Said(at, (flags & 1) != 0, (flags & 2) != 0);
    }

    /// <summary>What a report said; <see cref="AtTicks"/> 0 for no report, which counts neither closed nor unstaffed.</summary>
    private readonly record struct Said(long AtTicks, bool Closed, bool Staffed)
    {
        public long ClosedValue => AtTicks != 0 && Closed ? 1 : 0;

        public long UnstaffedValue => AtTicks != 0 && !Staffed ? 1 : 0;
    }

    private readonly record struct Mark(long Bucket, Said Own, Said Step);
}
