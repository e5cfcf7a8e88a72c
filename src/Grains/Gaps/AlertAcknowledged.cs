namespace Canvass.Grains.Gaps;

/// <summary>A site event: a supervisor acknowledged one of the site's alerts. Journaled like reports.</summary>
[GenerateSerializer, Immutable, Alias("canvass.AlertAcknowledged.v1")]
public sealed record AlertAcknowledged(
    [property: Id(0)] AlertKey Key,
    [property: Id(1)] string By,
    [property: Id(2)] string Note,
    [property: Id(3)] long AtUtcTicks);
