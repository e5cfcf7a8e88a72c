namespace Canvass.Contracts.Units;

/// <summary>Open quarantines of households by kind; on the wire an object with one camelCase member per kind.</summary>
public sealed record QuarantineCounts(long HomeQuarantine, long KeyAreaObservation)
{
    /// <summary>All zero.</summary>
    public QuarantineCounts()
        : this(0, 0)
    {
    }

    /// <summary>All zero.</summary>
    public static QuarantineCounts Zero { get; } = new();

    /// <summary>Households under either kind; not on the wire.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    [System.Runtime.Serialization.IgnoreDataMember]
    public long Total => HomeQuarantine + KeyAreaObservation;
}
