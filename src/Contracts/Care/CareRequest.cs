using System.Text.Json.Serialization;

namespace Canvass.Contracts.Care;

/// <summary>A household's need (groceries, water, medicine...) and where it stands, with who did what and when.</summary>
public sealed record CareRequest
{
    /// <summary>The path id: the site, a tilde and the client's id (<c>440304005021-001~c-5</c>, see <see cref="CareIds"/>).</summary>
    public required string Id { get; init; }

    /// <summary>The client's id as posted, the idempotency key within the site.</summary>
    public required string CareId { get; init; }

    public required string SiteId { get; init; }

    /// <summary>The household number within its site.</summary>
    public int Household { get; init; }

    public CareCategory Category { get; init; }

    /// <summary>A short note (at most 200 characters); absent when none was given.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Note { get; init; }

    public CareRequestState State { get; init; }

    /// <summary>When it was requested, at the registry's offset.</summary>
    public DateTimeOffset RequestedAt { get; init; }

    /// <summary>The request time plus its category's deadline (<c>Care:Deadlines</c>).</summary>
    public DateTimeOffset DueBy { get; init; }

    /// <summary>Still open past <see cref="DueBy"/> (a <c>careOverdue</c> alert is open).</summary>
    public bool Overdue { get; init; }

    /// <summary>Every step, the request first.</summary>
    public IReadOnlyList<CareHistoryEntry> History { get; init; } = [];
}
