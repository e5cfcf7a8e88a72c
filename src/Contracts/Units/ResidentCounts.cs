namespace Canvass.Contracts.Units;

/// <summary>Residents of screened households by status; on the wire an object with one camelCase member per status.</summary>
/// <remarks>Positional for the roll-up's arithmetic, with a parameterless constructor for initializers such as <c>new ResidentCounts { Fever = 2 }</c>.</remarks>
public sealed record ResidentCounts(
    long Normal,
    long Fever,
    long KeyAreaObservation,
    long HomeQuarantine,
    long CentralQuarantine,
    long Suspected,
    long Confirmed)
{
    /// <summary>Number of statuses; arrays of per-status counts have this length.</summary>
    public const int StatusCount = 7;

    /// <summary>All zero.</summary>
    public ResidentCounts()
        : this(0, 0, 0, 0, 0, 0, 0)
    {
    }

    /// <summary>All zero.</summary>
    public static ResidentCounts Zero { get; } = new();

    /// <summary>All residents, whatever their status; not on the wire.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    [System.Runtime.Serialization.IgnoreDataMember]
    public long Total => Normal + Fever + KeyAreaObservation + HomeQuarantine + CentralQuarantine + Suspected + Confirmed;

    /// <summary>Builds counts from a per-status array indexed by <see cref="Screening.ResidentStatus"/>.</summary>
    public static ResidentCounts From(ReadOnlySpan<long> byStatus) =>
        new(byStatus[0], byStatus[1], byStatus[2], byStatus[3], byStatus[4], byStatus[5], byStatus[6]);

    /// <summary>Adds (or with <paramref name="sign"/> -1 subtracts) these counts into a per-status array.</summary>
    public void AddTo(Span<long> byStatus, int sign = 1)
    {
        byStatus[0] += sign * Normal;
        byStatus[1] += sign * Fever;
        byStatus[2] += sign * KeyAreaObservation;
        byStatus[3] += sign * HomeQuarantine;
        byStatus[4] += sign * CentralQuarantine;
        byStatus[5] += sign * Suspected;
        byStatus[6] += sign * Confirmed;
    }
}
