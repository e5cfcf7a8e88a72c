namespace Canvass.Client.Models;

/// <summary>Residents of screened households by status; on the wire one camelCase member per status.</summary>
public sealed record ResidentCounts
{
    /// <summary>All zero.</summary>
    public static ResidentCounts Zero { get; } = new();

    public long Normal { get; init; }

    public long Fever { get; init; }

    /// <summary>Arrived from a key epidemic area and under observation.</summary>
    public long KeyAreaObservation { get; init; }

    public long HomeQuarantine { get; init; }

    public long CentralQuarantine { get; init; }

    public long Suspected { get; init; }

    public long Confirmed { get; init; }
}
