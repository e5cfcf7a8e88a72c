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

    public string ToId(string siteId) => AlertIds.Format(siteId, Kind, Household, FactUnixMs);

    /// <summary>Splits an alert id into its site and key; false for anything that is not one.</summary>
    public static bool TryParse(string id, out string siteId, out AlertKey key)
    {
        var parsed = AlertIds.TryParse(id, out siteId, out var kind, out var household, out var ms);
        key = parsed ? new AlertKey(kind, household, ms) : default;
        return parsed;
    }
}
