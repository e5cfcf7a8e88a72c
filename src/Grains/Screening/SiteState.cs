using System.Runtime.InteropServices;
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
        if ((uint)index >= (uint)Households)
        {
            // Only on replay, after the registry shrank this site: the report is remembered, the household is gone.
            return false;
        }

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

    private const byte SnapshotFormat = 1;

    /// <summary>The whole state as bytes, for the journal's snapshots. Versioned: the first byte is the format.</summary>
    public byte[] ToSnapshot()
    {
        using var buffer = new MemoryStream(Households * 16 + _reportIds.Count * 24);
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(SnapshotFormat);
            writer.Write(Households);
            writer.Write(EffectiveEvents);
            foreach (var ticks in _reportedAtTicks)
            {
                writer.Write(ticks);
            }

            writer.Write(MemoryMarshal.AsBytes(_outcomes.AsSpan()));
            writer.Write(_residents);
            writer.Write(_reportIds.Count);
            foreach (var id in _reportIds)
            {
                writer.Write(id);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Restores a snapshot; null when it was taken for a different number of households (the registry changed).</summary>
    public static SiteState? FromSnapshot(byte[] snapshot, int households)
    {
        using var reader = new BinaryReader(new MemoryStream(snapshot));
        var format = reader.ReadByte();
        if (format != SnapshotFormat)
        {
            throw new InvalidDataException($"Site snapshot format {format} is not known; this version reads format {SnapshotFormat}.");
        }

        if (reader.ReadInt32() != households)
        {
            return null;
        }

        var state = new SiteState(households) { EffectiveEvents = reader.ReadInt64() };
        for (var i = 0; i < households; i++)
        {
            state._reportedAtTicks[i] = reader.ReadInt64();
        }

        reader.Read(MemoryMarshal.AsBytes(state._outcomes.AsSpan()));
        reader.Read(state._residents);
        var ids = reader.ReadInt32();
        state._reportIds.EnsureCapacity(ids);
        for (var i = 0; i < ids; i++)
        {
            state._reportIds.Add(reader.ReadString());
        }

        state.Total();
        return state;
    }

    // Running totals are derived, so a snapshot does not store them.
    private void Total()
    {
        for (var i = 0; i < Households; i++)
        {
            if (_reportedAtTicks[i] != 0)
            {
                _outcomeTotals[(int)_outcomes[i]]++;
                AddResidents(i, 1);
                LastReportUtcTicks = Math.Max(LastReportUtcTicks, _reportedAtTicks[i]);
            }
        }
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
