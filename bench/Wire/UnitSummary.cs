namespace Canvass.Bench.Wire;

/// <summary>The members of a unit summary the bench reads; the server sends more.</summary>
public sealed record UnitSummary
{
    public string Id { get; init; } = "";
    public string? Name { get; init; }
    public string? Level { get; init; }
    public long RegisteredHouseholds { get; init; }
    public long ScreenedHouseholds { get; init; }
    public DateTimeOffset? LastReportAt { get; init; }
    public int Sites { get; init; }
    public int StaleSites { get; init; }
    public ResidentTotals? Residents { get; init; }
    public long Version { get; init; }
}

/// <summary>Residents of screened households by status, as a summary carries them.</summary>
public sealed record ResidentTotals(long Normal, long Fever, long KeyAreaObservation, long HomeQuarantine, long CentralQuarantine, long Suspected, long Confirmed)
{
    public long Total => Normal + Fever + KeyAreaObservation + HomeQuarantine + CentralQuarantine + Suspected + Confirmed;
}

/// <summary>The answer to the hub's <c>Subscribe</c>.</summary>
public sealed record UnitSnapshot(UnitSummary Unit, IReadOnlyList<UnitSummary>? Children);

/// <summary>A frame (the hub's <c>UnitsChanged</c>): the units that changed since the previous one.</summary>
public sealed record UnitFrame(IReadOnlyList<UnitSummary> Units);

/// <summary>The answer to the hub's <c>SubscribeMany</c>.</summary>
public sealed record SubscribeManyAnswer(IReadOnlyList<UnitSummary> Units);
