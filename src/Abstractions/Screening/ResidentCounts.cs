namespace Canvass.Abstractions.Screening;

/// <summary>Residents by <see cref="ResidentStatus"/>; on the wire an object with one camelCase member per status.</summary>
[GenerateSerializer, Immutable, Alias("canvass.ResidentCounts")]
public sealed record ResidentCounts(
    [property: Id(0)] long Normal,
    [property: Id(1)] long Fever,
    [property: Id(2)] long KeyAreaObservation,
    [property: Id(3)] long HomeQuarantine,
    [property: Id(4)] long CentralQuarantine,
    [property: Id(5)] long Suspected,
    [property: Id(6)] long Confirmed)
{
    /// <summary>Number of statuses; arrays of per-status counts have this length.</summary>
    public const int StatusCount = 7;

    public static ResidentCounts Zero { get; } = new(0, 0, 0, 0, 0, 0, 0);

    /// <summary>Builds counts from a per-status array indexed by <see cref="ResidentStatus"/>.</summary>
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

    [System.Text.Json.Serialization.JsonIgnore]
    [System.Runtime.Serialization.IgnoreDataMember]
    public long Total => Normal + Fever + KeyAreaObservation + HomeQuarantine + CentralQuarantine + Suspected + Confirmed;
}
