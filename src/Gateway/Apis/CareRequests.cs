namespace Canvass.Gateway.Apis;

/// <summary>The body of a step on a care request or of ending a quarantine: when (now when absent) and, to cancel, why.</summary>
/// <param name="At">When the step was taken, with an offset; the rules of <c>screenedAt</c>. The time it arrived when absent.</param>
/// <param name="Reason">Why a request is cancelled (required to cancel), at most 200 characters; ignored by other steps.</param>
public sealed record CareStepRequest(DateTimeOffset? At, string? Reason);

/// <summary>The body of extending a quarantine.</summary>
/// <param name="PlannedEnd">The new planned end, with an offset; after the quarantine's start.</param>
public sealed record ExtendRequest(DateTimeOffset? PlannedEnd);
