namespace Canvass.Abstractions.Gaps;

/// <summary>Who acknowledged an alert, when, and what they noted (what was done about it).</summary>
[GenerateSerializer, Immutable, Alias("canvass.AlertAcknowledgement")]
public sealed record AlertAcknowledgement(
    [property: Id(0)] string By,
    [property: Id(1)] string Note,
    [property: Id(2)] DateTimeOffset At);
