using System.Text.Json.Serialization;

namespace Canvass.Contracts.Care;

/// <summary>One step of a care request: what, when, and the token subject that did it (who).</summary>
/// <param name="Step">request, accept, deliver or cancel.</param>
/// <param name="At">When, at the registry's offset.</param>
/// <param name="Subject">The subject of the token that made the step; null when none was known.</param>
/// <param name="Reason">Why a request was cancelled; absent for other steps.</param>
public sealed record CareHistoryEntry(
    CareStep Step,
    DateTimeOffset At,
    string? Subject,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null);
