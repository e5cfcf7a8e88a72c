namespace Canvass.Bench.Wire;

/// <summary>
/// The three members of a pushed unit summary (the contract's <see cref="UnitSummary"/>) that the fanout subscribers
/// read: not a second model but a reading of it. Thousands of connections parse every push on a machine the server
/// shares, so the names, counts and residents they would not look at are skipped rather than parsed.
/// </summary>
public sealed record UnitPush
{
    public string Id { get; init; } = "";
    public DateTimeOffset? LastReportAt { get; init; }
    public long Version { get; init; }
}

/// <summary>A frame (the hub's <c>UnitsChanged</c>) as the fanout subscribers read it.</summary>
public sealed record UnitPushFrame
{
    public IReadOnlyList<UnitPush> Units { get; init; } = [];
}
