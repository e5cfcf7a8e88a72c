using Canvass.Abstractions.Screening;

namespace Canvass.Grains.Screening;

/// <summary>
/// The latest report of each household of one site, in arrays indexed by household number, with running totals
/// so that a summary costs nothing to build. Household 1 is index 0.
/// </summary>
public sealed class SiteState
{
    private readonly long[] _reportedAtTicks;
    private readonly ScreeningOutcome[] _outcomes;
    private readonly byte[] _residents;
    private readonly HashSet<string> _reportIds = new(StringComparer.Ordinal);
    private readonly long[] _residentTotals = new long[ResidentCounts.StatusCount];
    private readonly long[] _outcomeTotals = new long[4];

    public SiteState(int households)
    {
        Households = households;
        _reportedAtTicks = new long[households];
        _outcomes = new ScreeningOutcome[households];
        _residents = new byte[households * ResidentCounts.StatusCount];
    }

    public int Households { get; }

    /// <summary>Events that changed a household; reports older than the one held change nothing and are not counted.</summary>
    public long EffectiveEvents { get; private set; }

    /// <summary>The newest screenedAt of any report, in UTC ticks; 0 before the first.</summary>
    public long LastReportUtcTicks { get; private set; }

    public long Screened => _outcomeTotals[(int)ScreeningOutcome.Screened];
    public long Absent => _outcomeTotals[(int)ScreeningOutcome.Absent];
    public long Refused => _outcomeTotals[(int)ScreeningOutcome.Refused];

    public ResidentCounts Residents => ResidentCounts.From(_residentTotals);

    public bool HasSeen(string reportId) => _reportIds.Contains(reportId);

    /// <summary>Whether household <paramref name="household"/> (1-based) has any report.</summary>
    public bool IsReported(int household) => _reportedAtTicks[household - 1] != 0;

    public ScreeningOutcome? OutcomeOf(int household) => IsReported(household) ? _outcomes[household - 1] : null;

    /// <summary>Applies one event; returns whether the household's latest report changed.</summary>
    public bool Apply(HouseholdReported e)
    {
        _reportIds.Add(e.ReportId);
        var index = e.Household - 1;
        if (e.ScreenedAtUtcTicks <= _reportedAtTicks[index])
        {
            // An older (or same-instant) report than the one held: the household keeps its latest result.
            return false;
        }

        if (_reportedAtTicks[index] != 0)
        {
            _outcomeTotals[(int)_outcomes[index]]--;
            AddResidents(index, -1);
        }

        _reportedAtTicks[index] = e.ScreenedAtUtcTicks;
        _outcomes[index] = e.Outcome;
        _outcomeTotals[(int)e.Outcome]++;
        SetResidents(index, e.Residents);
        AddResidents(index, 1);
        LastReportUtcTicks = Math.Max(LastReportUtcTicks, e.ScreenedAtUtcTicks);
        EffectiveEvents++;
        return true;
    }

    private void SetResidents(int index, ResidentCounts counts)
    {
        var slot = _residents.AsSpan(index * ResidentCounts.StatusCount, ResidentCounts.StatusCount);
        slot[0] = (byte)counts.Normal;
        slot[1] = (byte)counts.Fever;
        slot[2] = (byte)counts.KeyAreaObservation;
        slot[3] = (byte)counts.HomeQuarantine;
        slot[4] = (byte)counts.CentralQuarantine;
        slot[5] = (byte)counts.Suspected;
        slot[6] = (byte)counts.Confirmed;
    }

    private void AddResidents(int index, int sign)
    {
        var slot = _residents.AsSpan(index * ResidentCounts.StatusCount, ResidentCounts.StatusCount);
        for (var s = 0; s < slot.Length; s++)
        {
            _residentTotals[s] += sign * slot[s];
        }
    }
}
