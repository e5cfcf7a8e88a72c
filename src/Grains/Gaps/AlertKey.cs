using System.Globalization;
using Canvass.Abstractions.Gaps;

namespace Canvass.Grains.Gaps;

/// <summary>
/// What identifies an alert within its site: its kind, the household (0 for the whole site) and the instant of the fact
/// it stands for, in unix milliseconds. Derived from the site's state, so the same alert has the same key after a replay.
/// </summary>
[GenerateSerializer, Immutable, Alias("canvass.AlertKey")]
public readonly record struct AlertKey(
    [property: Id(0)] GapKind Kind,
    [property: Id(1)] int Household,
    [property: Id(2)] long FactUnixMs)
{
    public static AlertKey For(GapKind kind, int household, long factUtcTicks) =>
        new(kind, household, (factUtcTicks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond);

    public string ToId(string siteId) =>
        string.Create(CultureInfo.InvariantCulture, $"{siteId}:{KindName(Kind)}:{Household}:{FactUnixMs}");

    /// <summary>Splits an alert id into its site and key; false for anything that is not one.</summary>
    public static bool TryParse(string id, out string siteId, out AlertKey key)
    {
        siteId = "";
        key = default;
        var parts = id.Split(':');
        if (parts.Length != 4 || parts[0].Length == 0
            || ParseKind(parts[1]) is not { } kind
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var household)
            || !long.TryParse(parts[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms))
        {
            return false;
        }

        siteId = parts[0];
        key = new AlertKey(kind, household, ms);
        return true;
    }

    private static string KindName(GapKind kind) => kind switch
    {
        GapKind.Finding => "finding",
        GapKind.CheckpointOpen => "checkpointOpen",
        GapKind.CheckpointUnstaffed => "checkpointUnstaffed",
        GapKind.Stale => "stale",
        GapKind.LowCoverage => "lowCoverage",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static GapKind? ParseKind(string name) => name switch
    {
        "finding" => GapKind.Finding,
        "checkpointOpen" => GapKind.CheckpointOpen,
        "checkpointUnstaffed" => GapKind.CheckpointUnstaffed,
        "stale" => GapKind.Stale,
        "lowCoverage" => GapKind.LowCoverage,
        _ => null,
    };
}
