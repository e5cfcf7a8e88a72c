namespace Canvass.Abstractions.Gaps;

/// <summary>What became of an acknowledgement; the alert as it now stands unless it is unknown.</summary>
[GenerateSerializer, Immutable, Alias("canvass.AcknowledgeOutcome")]
public sealed record AcknowledgeOutcome(
    [property: Id(0)] AcknowledgeStatus Status,
    [property: Id(1)] GapAlert? Alert);

[GenerateSerializer, Alias("canvass.AcknowledgeStatus")]
public enum AcknowledgeStatus : byte
{
    Acknowledged = 0,
    /// <summary>Someone acknowledged it before; the alert carries their acknowledgement.</summary>
    AlreadyAcknowledged = 1,
    /// <summary>No such open alert: never raised, or cleared since.</summary>
    Unknown = 2,
}
