namespace Canvass.Abstractions.Care;

/// <summary>What became of a single step on a quarantine or a care request.</summary>
[GenerateSerializer, Alias("canvass.CareOutcomeStatus")]
public enum CareOutcomeStatus : byte
{
    /// <summary>Done, or the same step was done before (the record is unchanged).</summary>
    Done = 0,

    /// <summary>No such quarantine or request at the site (never placed, or no longer held: see the journal).</summary>
    Unknown = 1,

    /// <summary>The step does not follow from where the record stands (delivered or cancelled, ended...).</summary>
    OutOfOrder = 2,
}

/// <summary>The outcome of extending or ending a quarantine; the quarantine as it now stands unless it is unknown.</summary>
[GenerateSerializer, Immutable, Alias("canvass.QuarantineOutcome")]
public sealed record QuarantineOutcome(
    [property: Id(0)] CareOutcomeStatus Status,
    [property: Id(1)] Quarantine? Quarantine,
    [property: Id(2)] string? Error);

/// <summary>The outcome of a step on a care request; the request as it now stands unless it is unknown.</summary>
[GenerateSerializer, Immutable, Alias("canvass.CareStepOutcome")]
public sealed record CareStepOutcome(
    [property: Id(0)] CareOutcomeStatus Status,
    [property: Id(1)] CareRequest? Request,
    [property: Id(2)] string? Error);
