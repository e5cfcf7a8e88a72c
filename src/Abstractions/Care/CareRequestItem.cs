namespace Canvass.Abstractions.Care;

/// <summary>A household's need, as posted and checked for shape by the gateway.</summary>
/// <param name="CareId">The client's id: the idempotency key within the site.</param>
/// <param name="Household">Household number, 1..registered households of the site (quarantined or not).</param>
/// <param name="Category">What is needed; sets the deadline (<c>Care:Deadlines</c>).</param>
/// <param name="Note">A short note; null for none.</param>
/// <param name="RequestedAt">When it was requested (the arrival time unless the client gave one).</param>
[GenerateSerializer, Immutable, Alias("canvass.CareRequestItem")]
public sealed record CareRequestItem(
    [property: Id(0)] string CareId,
    [property: Id(1)] int Household,
    [property: Id(2)] CareCategory Category,
    [property: Id(3)] string? Note,
    [property: Id(4)] DateTimeOffset RequestedAt);
