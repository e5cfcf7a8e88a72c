namespace Canvass.Abstractions.Care;

/// <summary>One health check of a quarantined household, checked for shape by the gateway.</summary>
/// <param name="CheckId">The client's id: the idempotency key within the site.</param>
/// <param name="Household">Household number; it must be under quarantine at <paramref name="At"/>.</param>
/// <param name="At">When the residents were checked.</param>
/// <param name="Readings">One reading per resident checked; a fever raises a finding at once.</param>
[GenerateSerializer, Immutable, Alias("canvass.HealthCheck")]
public sealed record HealthCheck(
    [property: Id(0)] string CheckId,
    [property: Id(1)] int Household,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] HealthReading[] Readings);
