using System.Text.Json.Serialization;

namespace Canvass.Abstractions.Gaps;

/// <summary>
/// An open gap at one site. Raised and cleared by the site as facts arrive and time passes; its id is derived from
/// the fact (site, kind, household, the instant it refers to), so it is the same after any restart.
/// </summary>
[GenerateSerializer, Immutable, Alias("canvass.GapAlert")]
public sealed record GapAlert
{
    /// <summary>The site, the kind, the household (0 for the whole site) and the fact's instant in Unix milliseconds, joined by colons: <c>440304005021-005:finding:12:1580695200000</c>.</summary>
    [Id(0)] public required string Id { get; init; }

    [Id(1)] public required string SiteId { get; init; }

    [Id(2)] public required string SiteName { get; init; }

    /// <summary>The site's parent: the first unit whose list holds the alert.</summary>
    [Id(3)] public required string CommunityId { get; init; }

    [Id(4)] public required GapKind Kind { get; init; }

    /// <summary>When the gap became a fact (for time-based gaps, when its period ran out), in the registry's offset.</summary>
    [Id(5)] public required DateTimeOffset RaisedAt { get; init; }

    /// <summary>The household of a finding; null for gaps of the whole site.</summary>
    [Id(6)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Household { get; init; }

    /// <summary>The fact in a few words, in English; clients may build their own text from the other members.</summary>
    [Id(7)] public required string Detail { get; init; }

    /// <summary>Levels above the community the alert has reached while nobody acknowledged it.</summary>
    [Id(8)] public int Escalations { get; init; }

    /// <summary>The highest unit whose list shows the alert as its own: the community, or the ancestor it escalated to.</summary>
    [Id(9)] public required string ReachedUnitId { get; init; }

    /// <summary>Null until a supervisor acknowledges it; escalation stops there.</summary>
    [Id(10)] public AlertAcknowledgement? Acknowledgement { get; init; }
}
