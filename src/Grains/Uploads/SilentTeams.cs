using Canvass.Grains.Gaps;

namespace Canvass.Grains.Uploads;

/// <summary>A team silent at a site: its subject, its latest upload (UTC ticks) and the fact instant its alert is keyed on.</summary>
public readonly record struct SilentTeam(string Subject, long SinceUtcTicks, long FactUnixMs)
{
    public AlertKey Key => new(GapKind.TeamSilent, 0, FactUnixMs);
}

/// <summary>
/// The teams silent at one site, each raised by the silence sweep (<see cref="TeamSilenceGrain"/>) and journaled; one
/// goes when the sweep says it uploaded elsewhere, when anything it sends reaches this site, or, pruned, once its
/// shift is over. Bounded by the teams that went silent here today.
/// </summary>
public sealed class SilentTeams
{
    private readonly Dictionary<string, SilentTeam> _teams = new(StringComparer.Ordinal);

    /// <summary>Teams raised plus teams gone (heard from, or pruned after their shift): counted into the site's version, never going back.</summary>
    public long Events { get; private set; }

    public int Count => _teams.Count;

    public IReadOnlyCollection<SilentTeam> All => _teams.Values;

    /// <summary>Whether the site knows <paramref name="subject"/> silent since <paramref name="sinceUtcTicks"/> or a later upload.</summary>
    public bool Knows(string subject, long sinceUtcTicks) => _teams.TryGetValue(subject, out var team) && team.SinceUtcTicks >= sinceUtcTicks;

    /// <summary>Whether the site holds <paramref name="subject"/> silent since exactly <paramref name="sinceUtcTicks"/>.</summary>
    public bool Holds(string subject, long sinceUtcTicks) => _teams.TryGetValue(subject, out var team) && team.SinceUtcTicks == sinceUtcTicks;

    /// <summary>
    /// The fact instant of a new silence since <paramref name="sinceUtcTicks"/>: its millisecond, moved on past any other
    /// team's here, so that two teams silent since the same instant have alerts of their own. Journaled with the event.
    /// </summary>
    public long FreeFact(string subject, long sinceUtcTicks)
    {
        var ms = (sinceUtcTicks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
        while (_teams.Values.Any(t => t.FactUnixMs == ms && t.Subject != subject))
        {
            ms++;
        }

        return ms;
    }

    /// <summary>Applies a silence; an older one of the same team goes with it.</summary>
    public void Apply(TeamWentSilent e)
    {
        Remove(e.Subject);
        _teams[e.Subject] = new SilentTeam(e.Subject, e.SinceUtcTicks, e.FactUnixMs);
        Events++;
    }

    /// <summary>Applies a team heard from elsewhere; false when the site holds no such silence.</summary>
    public bool Apply(TeamHeardFrom e) => Holds(e.Subject, e.SinceUtcTicks) && Remove(e.Subject);

    /// <summary>Something <paramref name="subject"/> sent reached this site: it is not silent any more.</summary>
    public bool HeardFrom(string? subject) => subject is not null && _teams.Count > 0 && Remove(subject);

    /// <summary>Forgets the teams whose shift is over at <paramref name="now"/>; their alerts cleared with it.</summary>
    public int Prune(TeamShift shift, long now)
    {
        var over = _teams.Values.Where(t => ShiftEnd(shift, t) <= now).Select(t => t.Subject).ToList();
        over.ForEach(subject => Remove(subject));
        return over.Count;
    }

    /// <summary>When the shift of the team's silence ends, which clears it (its upload's instant if it lay outside every shift).</summary>
    public static long ShiftEnd(TeamShift shift, SilentTeam team) => shift.Silence(team.SinceUtcTicks)?.ShiftEnd ?? team.SinceUtcTicks;

    /// <summary>For the site's snapshot: the count of events, then each team.</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write(Events);
        writer.Write(_teams.Count);
        foreach (var team in _teams.Values)
        {
            writer.Write(team.Subject);
            writer.Write(team.SinceUtcTicks);
            writer.Write(team.FactUnixMs);
        }
    }

    /// <summary>Restores what <see cref="Write"/> wrote.</summary>
    public void Read(BinaryReader reader)
    {
        Events = reader.ReadInt64();
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var team = new SilentTeam(reader.ReadString(), reader.ReadInt64(), reader.ReadInt64());
            _teams[team.Subject] = team;
        }
    }

    private bool Remove(string subject)
    {
        if (!_teams.Remove(subject))
        {
            return false;
        }

        Events++;
        return true;
    }
}
