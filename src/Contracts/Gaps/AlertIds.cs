using System.Globalization;

namespace Canvass.Contracts.Gaps;

/// <summary>
/// How an alert's id is written: <c>&lt;site&gt;:&lt;kind&gt;:&lt;household or 0&gt;:&lt;unix ms of the fact&gt;</c>.
/// Derived from the fact, so the same alert has the same id after any restart; the site comes first, so a reader
/// knows where to ask about an alert from its id alone.
/// </summary>
public static class AlertIds
{
    /// <summary>The id of the alert of <paramref name="kind"/> at <paramref name="siteId"/>.</summary>
    public static string Format(string siteId, GapKind kind, int household, long factUnixMs) =>
        string.Create(CultureInfo.InvariantCulture, $"{siteId}:{KindName(kind)}:{household}:{factUnixMs}");

    /// <summary>The site part of an alert id (the whole text when it has no colon).</summary>
    public static string SiteOf(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var colon = id.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? id : id[..colon];
    }

    /// <summary>Splits an alert id into its parts; false for anything that is not one.</summary>
    public static bool TryParse(string id, out string siteId, out GapKind kind, out int household, out long factUnixMs)
    {
        ArgumentNullException.ThrowIfNull(id);
        (siteId, kind, household, factUnixMs) = ("", GapKind.Unknown, 0, 0);
        var parts = id.Split(':');
        if (parts.Length != 4 || parts[0].Length == 0
            || ParseKind(parts[1]) is not { } parsed
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out household)
            || !long.TryParse(parts[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out factUnixMs))
        {
            return false;
        }

        (siteId, kind) = (parts[0], parsed);
        return true;
    }

    private static string KindName(GapKind kind) => kind switch
    {
        GapKind.Finding => "finding",
        GapKind.CheckpointOpen => "checkpointOpen",
        GapKind.CheckpointUnstaffed => "checkpointUnstaffed",
        GapKind.Stale => "stale",
        GapKind.LowCoverage => "lowCoverage",
        GapKind.CheckMissed => "checkMissed",
        GapKind.CareOverdue => "careOverdue",
        GapKind.TeamSilent => "teamSilent",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "An alert has a known kind."),
    };

    private static GapKind? ParseKind(string name) => name switch
    {
        "finding" => GapKind.Finding,
        "checkpointOpen" => GapKind.CheckpointOpen,
        "checkpointUnstaffed" => GapKind.CheckpointUnstaffed,
        "stale" => GapKind.Stale,
        "lowCoverage" => GapKind.LowCoverage,
        "checkMissed" => GapKind.CheckMissed,
        "careOverdue" => GapKind.CareOverdue,
        "teamSilent" => GapKind.TeamSilent,
        _ => null,
    };
}
