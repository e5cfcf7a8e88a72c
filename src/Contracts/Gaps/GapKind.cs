using System.Text.Json.Serialization;
using Canvass.Contracts.Json;

namespace Canvass.Contracts.Gaps;

/// <summary>
/// The facts about a site that a supervisor must act on. The numbers are stored (snapshots, journal rows), so members
/// are only appended; lists rank them by <c>AlertOrder</c>'s table, not by number.
/// </summary>
[JsonConverter(typeof(WireEnumConverter<GapKind>))]
public enum GapKind : byte
{
    /// <summary>A kind this reader does not know (a newer server's); never sent.</summary>
    Unknown = 0,

    /// <summary>A household's latest report found fever or a suspected case, and no report followed it in time.</summary>
    [JsonStringEnumMemberName("finding")] Finding = 1,

    /// <summary>The site's latest checkpoint report says it is not under closed management.</summary>
    [JsonStringEnumMemberName("checkpointOpen")] CheckpointOpen = 2,

    /// <summary>The site's latest checkpoint report says its entrance is not staffed.</summary>
    [JsonStringEnumMemberName("checkpointUnstaffed")] CheckpointUnstaffed = 3,

    /// <summary>No screening report for the stale period (or never, since screening started).</summary>
    [JsonStringEnumMemberName("stale")] Stale = 4,

    /// <summary>Coverage still below target a set time after the site's screening started.</summary>
    [JsonStringEnumMemberName("lowCoverage")] LowCoverage = 5,

    /// <summary>A quarantined household's due health check was not received within <c>Care:CheckGrace</c>, and no check followed.</summary>
    [JsonStringEnumMemberName("checkMissed")] CheckMissed = 6,

    /// <summary>A care request was not delivered within its category's deadline.</summary>
    [JsonStringEnumMemberName("careOverdue")] CareOverdue = 7,

    /// <summary>A screening team (a screener token's subject) uploaded during today's shift, then nothing for <c>Uploads:SilentAfter</c>.</summary>
    [JsonStringEnumMemberName("teamSilent")] TeamSilent = 8,
}
