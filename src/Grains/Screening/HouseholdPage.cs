using Canvass.Abstractions.Screening;

namespace Canvass.Grains.Screening;

/// <summary>
/// The households of one page of a site: report times, outcomes, resident counts by status (one byte each) and the
/// hash of the report behind each result.
/// </summary>
internal sealed class HouseholdPage
{
    /// <summary>Households per page: 64 × (8 bytes of time + 1 of outcome + 7 of resident counts + 8 of report id hash) = 1.5 KiB.</summary>
    public const int Size = 64;

    public const int BytesPerHousehold = sizeof(long) + 1 + ResidentCounts.StatusCount + sizeof(long);

    public long[] Ticks { get; } = new long[Size];
    public ScreeningOutcome[] Outcomes { get; } = new ScreeningOutcome[Size];
    public byte[] Residents { get; } = new byte[Size * ResidentCounts.StatusCount];
    public long[] IdHashes { get; } = new long[Size];

    public ReadOnlySpan<byte> OutcomeBytes(int count) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(Outcomes.AsSpan(0, count));

    public void SetResidents(int slot, ResidentCounts counts)
    {
        var cell = Residents.AsSpan(slot * ResidentCounts.StatusCount, ResidentCounts.StatusCount);
        cell[0] = (byte)counts.Normal;
        cell[1] = (byte)counts.Fever;
        cell[2] = (byte)counts.KeyAreaObservation;
        cell[3] = (byte)counts.HomeQuarantine;
        cell[4] = (byte)counts.CentralQuarantine;
        cell[5] = (byte)counts.Suspected;
        cell[6] = (byte)counts.Confirmed;
    }

    public bool HasFinding(int slot) =>
        Residents[slot * ResidentCounts.StatusCount + (int)ResidentStatus.Fever] > 0
        || Residents[slot * ResidentCounts.StatusCount + (int)ResidentStatus.Suspected] > 0;

    public ResidentCounts ResidentsAt(int slot)
    {
        var cell = Residents.AsSpan(slot * ResidentCounts.StatusCount, ResidentCounts.StatusCount);
        return new ResidentCounts(cell[0], cell[1], cell[2], cell[3], cell[4], cell[5], cell[6]);
    }

    public void AddResidentsTo(int slot, long[] totals, int sign)
    {
        var cell = Residents.AsSpan(slot * ResidentCounts.StatusCount, ResidentCounts.StatusCount);
        for (var s = 0; s < cell.Length; s++)
        {
            totals[s] += sign * cell[s];
        }
    }
}
