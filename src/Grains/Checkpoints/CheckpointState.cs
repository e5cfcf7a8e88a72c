using Canvass.Grains.Screening;

namespace Canvass.Grains.Checkpoints;

/// <summary>
/// A site's closed-management state: its newest checkpoint report (closed? staffed? since when not?) and the recent
/// reports whose temperature checks may still fall in the last hour.
/// </summary>
/// <remarks>
/// Everything here changes only when an event is applied, never as time passes: what time changes (the last hour's
/// checks) is computed from it at a given instant, so that a replay gives the same state at any time.
/// </remarks>
public sealed class CheckpointState
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    // Reports this much older than the newest can no longer fall in any last hour to come (the gateway refuses
    // reports from further in the future than a few minutes), so they are dropped when a newer one arrives.
    private static readonly long RetainTicks = (2 * Window).Ticks;

    private readonly List<(long AtTicks, int Checks, long IdHash)> _recent = [];

    /// <summary>Checkpoint events applied, counted into the site's version.</summary>
    public long Events { get; private set; }

    /// <summary>The newest report's time, UTC ticks; 0 before the first.</summary>
    public long LatestAtTicks { get; private set; }

    public bool Closed { get; private set; }

    public bool Staffed { get; private set; }

    /// <summary>When the newest run of reports saying "not closed" began; 0 while closed.</summary>
    public long OpenSinceTicks { get; private set; }

    /// <summary>When the newest run of reports saying "not staffed" began; 0 while staffed.</summary>
    public long UnstaffedSinceTicks { get; private set; }

    public bool HasReport => LatestAtTicks != 0;

    public IReadOnlyList<(long AtTicks, int Checks, long IdHash)> Recent => _recent;

    /// <summary>
    /// Whether a checkpoint report could have been acknowledged before. Every acknowledged report within the retained
    /// span of the newest is among the recent ones, so there an id hash decides; a report older than that counts no
    /// check in any hour to come, and only the journal can tell whether it was seen.
    /// </summary>
    public DuplicateCheck Check(long atUtcTicks, long idHash)
    {
        if (atUtcTicks > LatestAtTicks)
        {
            return DuplicateCheck.New;
        }

        if (atUtcTicks < LatestAtTicks - RetainTicks)
        {
            return DuplicateCheck.AskJournal;
        }

        var unsure = false;
        foreach (var (at, _, hash) in _recent)
        {
            if (at == atUtcTicks && hash == idHash)
            {
                return DuplicateCheck.Duplicate;
            }

            // A recent report restored from a snapshot without hashes may be this one.
            unsure |= at == atUtcTicks && hash == ReportIdHash.Unknown;
        }

        return unsure ? DuplicateCheck.AskJournal : DuplicateCheck.New;
    }

    public void Apply(CheckpointReported e)
    {
        Events++;
        if (LatestAtTicks == 0 || e.AtUtcTicks >= LatestAtTicks - RetainTicks)
        {
            _recent.Add((e.AtUtcTicks, e.TemperatureChecks, ReportIdHash.Of(e.ReportId)));
        }

        if (e.AtUtcTicks <= LatestAtTicks)
        {
            // An older report than the newest: its checks count, it says nothing about now.
            return;
        }

        OpenSinceTicks = e.Closed ? 0 : OpenSinceTicks != 0 ? OpenSinceTicks : e.AtUtcTicks;
        UnstaffedSinceTicks = e.Staffed ? 0 : UnstaffedSinceTicks != 0 ? UnstaffedSinceTicks : e.AtUtcTicks;
        LatestAtTicks = e.AtUtcTicks;
        Closed = e.Closed;
        Staffed = e.Staffed;
        _recent.RemoveAll(r => r.AtTicks < LatestAtTicks - RetainTicks);
    }

    /// <summary>Temperature checks of reports timed in the hour up to <paramref name="nowTicks"/>.</summary>
    public long ChecksInLastHour(long nowTicks)
    {
        long sum = 0;
        foreach (var (at, checks, _) in _recent)
        {
            if (at <= nowTicks && at > nowTicks - Window.Ticks)
            {
                sum += checks;
            }
        }

        return sum;
    }

    /// <summary>
    /// How many times the last hour's figure has changed by itself up to <paramref name="nowTicks"/> (a report entering
    /// the window, a report leaving it): grows with time between events, for the site's version.
    /// </summary>
    public int WindowSteps(long nowTicks)
    {
        var steps = 0;
        foreach (var (at, _, _) in _recent)
        {
            steps += (at <= nowTicks ? 1 : 0) + (at + Window.Ticks <= nowTicks ? 1 : 0);
        }

        return steps;
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(Events);
        writer.Write(LatestAtTicks);
        writer.Write(Closed);
        writer.Write(Staffed);
        writer.Write(OpenSinceTicks);
        writer.Write(UnstaffedSinceTicks);
        writer.Write(_recent.Count);
        foreach (var (at, checks, hash) in _recent)
        {
            writer.Write(at);
            writer.Write(checks);
            writer.Write(hash);
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote; <paramref name="withHashes"/> false for site snapshots before format 3.</summary>
    public void Read(BinaryReader reader, bool withHashes)
    {
        Events = reader.ReadInt64();
        LatestAtTicks = reader.ReadInt64();
        Closed = reader.ReadBoolean();
        Staffed = reader.ReadBoolean();
        OpenSinceTicks = reader.ReadInt64();
        UnstaffedSinceTicks = reader.ReadInt64();
        var count = reader.ReadInt32();
        _recent.Clear();
        for (var i = 0; i < count; i++)
        {
            _recent.Add((reader.ReadInt64(), reader.ReadInt32(), withHashes ? reader.ReadInt64() : ReportIdHash.Unknown));
        }
    }
}
