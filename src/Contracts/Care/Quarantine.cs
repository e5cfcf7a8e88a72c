using System.Text.Json.Serialization;

namespace Canvass.Contracts.Care;

/// <summary>
/// A household of a site sealed at home, with its health checks of today, as of the moment it was read. Nothing
/// personal: the household number within its site, the kind, the dates and how many residents.
/// </summary>
public sealed record Quarantine
{
    /// <summary>The path id: the site, a tilde and the client's id (<c>440304005021-001~q-17</c>, see <see cref="CareIds"/>).</summary>
    public required string Id { get; init; }

    /// <summary>The client's id as posted, the idempotency key within the site.</summary>
    public required string QuarantineId { get; init; }

    public required string SiteId { get; init; }

    /// <summary>The household number within its site.</summary>
    public int Household { get; init; }

    public QuarantineKind Kind { get; init; }

    /// <summary>When the quarantine began, at the registry's offset.</summary>
    public DateTimeOffset Start { get; init; }

    /// <summary>When it is planned to end; extended by <c>/extend</c>.</summary>
    public DateTimeOffset PlannedEnd { get; init; }

    /// <summary>Residents under quarantine (independent of screening reports).</summary>
    public int Residents { get; init; }

    /// <summary>When it was ended; null while it is open.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Open and planned to end today (the registry's local day).</summary>
    public bool EndsToday { get; init; }

    /// <summary>Open and its planned end has passed: somebody must end or extend it.</summary>
    public bool Overdue { get; init; }

    /// <summary>The next due check not yet met (it may be past, when missed); null when none is due any more.</summary>
    public DateTimeOffset? NextCheckDueAt { get; init; }

    /// <summary>The time of the latest health check; null before the first.</summary>
    public DateTimeOffset? LastCheckAt { get; init; }

    /// <summary>A due check was not received within <c>Care:CheckGrace</c> and no check followed (a <c>checkMissed</c> alert is open).</summary>
    public bool CheckMissed { get; init; }

    /// <summary>Due checks of today that a check met.</summary>
    public int ChecksDoneToday { get; init; }

    /// <summary>Checks due today while the quarantine runs.</summary>
    public int ChecksDueToday { get; init; }
}
