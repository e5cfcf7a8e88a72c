namespace Canvass.Contracts.Gaps;

/// <summary>Who acknowledged an alert, when, and what they noted (what was done about it).</summary>
/// <param name="By">The name given with the acknowledgement (a display name, as the body's <c>by</c> said).</param>
/// <param name="Note">What was done about the alert.</param>
/// <param name="At">When it was acknowledged.</param>
/// <param name="Subject">
/// Who acknowledged it in fact: the subject (<c>sub</c>) of the token that made the call, whatever <paramref name="By"/>
/// says. Null for acknowledgements made before it was recorded.
/// </param>
public sealed record AlertAcknowledgement(string By, string Note, DateTimeOffset At, string? Subject = null);
