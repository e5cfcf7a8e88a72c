namespace Canvass.Grains.Gaps;

/// <summary>
/// A site event: a supervisor acknowledged one of the site's alerts. Journaled like reports. <see cref="By"/> is the
/// name the body gave; <see cref="Subject"/> the token's subject, who it really was (null in records from before it
/// was kept).
/// </summary>
[GenerateSerializer, Immutable, Alias("canvass.AlertAcknowledged.v1")]
public sealed record AlertAcknowledged(
    [property: Id(0)] AlertKey Key,
    [property: Id(1)] string By,
    [property: Id(2)] string Note,
    [property: Id(3)] long AtUtcTicks,
    [property: Id(4)] string? Subject = null);
