using System.Text.Json.Serialization;
using Canvass.Client.Json;

namespace Canvass.Client.Models;

/// <summary>The kinds of gap alert, worst first, as lists rank them.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<GapKind>))]
public enum GapKind
{
    /// <summary>A kind this version of the client does not know (a newer server's).</summary>
    Unknown = 0,

    /// <summary>A household's latest report found fever or a suspected case, and no report followed it in time.</summary>
    Finding = 1,

    /// <summary>The site's latest checkpoint report says it is not under closed management.</summary>
    CheckpointOpen = 2,

    /// <summary>The site's latest checkpoint report says its entrance is not staffed.</summary>
    CheckpointUnstaffed = 3,

    /// <summary>No screening report for the stale period (or never, since screening started).</summary>
    Stale = 4,

    /// <summary>Coverage still below target a set time after the site's screening started.</summary>
    LowCoverage = 5,
}
