namespace Canvass.Abstractions.Care;

/// <summary>A household of the site placed under quarantine, checked for shape by the gateway.</summary>
/// <param name="QuarantineId">The client's id: the idempotency key within the site.</param>
/// <param name="Household">Household number, 1..registered households of the site.</param>
/// <param name="Kind">Home quarantine or key-area observation.</param>
/// <param name="Start">When it begins.</param>
/// <param name="PlannedEnd">When it is planned to end; after <paramref name="Start"/>.</param>
/// <param name="Residents">Residents under quarantine.</param>
[GenerateSerializer, Immutable, Alias("canvass.QuarantinePlacement")]
public sealed record QuarantinePlacement(
    [property: Id(0)] string QuarantineId,
    [property: Id(1)] int Household,
    [property: Id(2)] QuarantineKind Kind,
    [property: Id(3)] DateTimeOffset Start,
    [property: Id(4)] DateTimeOffset PlannedEnd,
    [property: Id(5)] int Residents);
