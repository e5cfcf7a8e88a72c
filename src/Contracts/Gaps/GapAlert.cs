using System.Text.Json.Serialization;

namespace Canvass.Contracts.Gaps;

/// <summary>
/// An open gap at one site that a supervisor must act on. Raised and cleared by the site as facts arrive and time
/// passes; its id is derived from the fact (see <see cref="AlertIds"/>), so it is the same after any restart.
/// </summary>
public sealed record GapAlert
{
    /// <summary>The site, the kind, the household (0 for the whole site) and the fact's instant in Unix milliseconds, joined by colons: <c>440304005021-005:finding:12:1580695200000</c> (see <see cref="AlertIds"/>). A client escapes the colons in paths.</summary>
    public required string Id { get; init; }

    public required string SiteId { get; init; }

    public required string SiteName { get; init; }

    /// <summary>The site's parent: the first unit whose list holds the alert.</summary>
    public required string CommunityId { get; init; }

    public GapKind Kind { get; init; }

    /// <summary>When the gap became a fact (for time-based gaps, when its period ran out), at the registry's offset.</summary>
    public DateTimeOffset RaisedAt { get; init; }

    /// <summary>The household of a finding, a missed check or overdue care; null (absent from the JSON) for gaps of the whole site.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Household { get; init; }

    /// <summary>The fact in a few words, in English; clients may build their own text from the other members.</summary>
    public required string Detail { get; init; }

    /// <summary>Levels above the community the alert has reached while nobody acknowledged it.</summary>
    public int Escalations { get; init; }

    /// <summary>The highest unit whose list shows the alert as its own: the community, or the ancestor it escalated to.</summary>
    public required string ReachedUnitId { get; init; }

    /// <summary>Null until a supervisor acknowledges it; escalation stops there.</summary>
    public AlertAcknowledgement? Acknowledgement { get; init; }
}
