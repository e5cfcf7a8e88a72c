namespace Canvass.Abstractions.Screening;

/// <summary>The latest report of one household of a site; all null for a household not yet visited.</summary>
[GenerateSerializer, Immutable, Alias("canvass.HouseholdStatus")]
public sealed record HouseholdStatus(
    [property: Id(0)] int Household,
    [property: Id(1)] ScreeningOutcome? Outcome,
    [property: Id(2)] DateTimeOffset? ScreenedAt,
    [property: Id(3)] ResidentCounts? Residents);
