using System.Text.Json.Serialization;

namespace Canvass.Client.Models;

/// <summary>
/// An open gap at one site that a supervisor must act on. Its id is derived from the fact (site, kind, household,
/// instant), so it stays the same across server restarts.
/// </summary>
public sealed record GapAlert
{
    /// <summary><c>&lt;site&gt;:&lt;kind&gt;:&lt;household or 0&gt;:&lt;unix ms of the fact&gt;</c>; contains <c>:</c>, which the client escapes in paths.</summary>
    public required string Id { get; init; }

    public required string SiteId { get; init; }

    public required string SiteName { get; init; }

    /// <summary>The site's parent: the first unit whose list holds the alert.</summary>
    public required string CommunityId { get; init; }

    public GapKind Kind { get; init; }

    /// <summary>When the gap became a fact, at the registry's offset.</summary>
    public DateTimeOffset RaisedAt { get; init; }

    /// <summary>The household of a finding; null (absent from the JSON) for gaps of the whole site.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Household { get; init; }

    /// <summary>The fact in a few words, in English.</summary>
    public required string Detail { get; init; }

    /// <summary>Levels above the community the alert has reached while nobody acknowledged it.</summary>
    public int Escalations { get; init; }

    /// <summary>The highest unit whose list shows the alert as its own.</summary>
    public required string ReachedUnitId { get; init; }

    /// <summary>Null until a supervisor acknowledges it; escalation stops there.</summary>
    public AlertAcknowledgement? Acknowledgement { get; init; }
}

/// <summary>Who acknowledged an alert, what they noted (what was done about it), and when.</summary>
/// <param name="By">The name given with the acknowledgement.</param>
/// <param name="Note">What was done about the alert.</param>
/// <param name="At">When it was acknowledged.</param>
/// <param name="Subject">The subject of the token that acknowledged it (null for acknowledgements from before the server recorded it).</param>
public sealed record AlertAcknowledgement(string By, string Note, DateTimeOffset At, string? Subject = null);
