namespace Canvass.Grains.Care;

/// <summary>A quarantine a site holds: open, or ended and not yet compacted out (see <see cref="CareState.Compact"/>).</summary>
public sealed class QuarantineEntry
{
    public required string Id { get; init; }
    public required int Household { get; init; }
    public required QuarantineKind Kind { get; init; }
    public required long StartTicks { get; init; }
    public required int Residents { get; init; }
    public long PlannedEndTicks { get; set; }

    /// <summary>0 while open.</summary>
    public long EndedAtTicks { get; set; }

    /// <summary>The newest check's time (0 before the first), kept when older checks are compacted out.</summary>
    public long LastCheckTicks { get; set; }

    /// <summary>Whether the newest check found fever.</summary>
    public bool LastCheckFever { get; set; }

    /// <summary>Checks from the start of yesterday (local) on: enough for every slot of today and for duplicates.</summary>
    public List<(long AtTicks, bool Fever, long IdHash)> Checks { get; } = [];

    public bool IsOpen => EndedAtTicks == 0;

    /// <summary>Whether the household was under this quarantine at <paramref name="utcTicks"/>.</summary>
    public bool Covers(long utcTicks) => utcTicks >= StartTicks && (IsOpen || utcTicks < EndedAtTicks);
}
