namespace Canvass.Grains.Care;

/// <summary>A care request a site holds: open, or closed (delivered or cancelled) and not yet compacted out.</summary>
public sealed class CareEntry
{
    public required string Id { get; init; }
    public required int Household { get; init; }
    public required CareCategory Category { get; init; }
    public string? Note { get; init; }
    public required long RequestedAtTicks { get; init; }
    public CareRequestState State { get; set; } = CareRequestState.Requested;

    /// <summary>When it was delivered or cancelled; 0 while open.</summary>
    public long ClosedAtTicks { get; set; }

    /// <summary>Every step, the request first: at most four.</summary>
    public List<(CareStep Step, long AtTicks, string? Subject, string? Reason)> History { get; } = [];

    public bool IsOpen => State is CareRequestState.Requested or CareRequestState.Accepted;
}
