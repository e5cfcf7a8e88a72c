using System.Globalization;
using System.Reflection;
using System.Text.Json.Serialization;
using Canvass.Contracts.Gaps;
using Canvass.Contracts.History;
using Canvass.Contracts.Units;
using Canvass.Abstractions.Screening;
using Canvass.Registry;

namespace Canvass.Gateway.Exports;

/// <summary>
/// The rows of each export, from exactly what its JSON route answers. Every row starts with the figures' time, the
/// responsible region chain (the names of the unit's district, subdistrict and community, or whatever levels the
/// registry has between the city and its sites) and the unit's code and name.
/// </summary>
public sealed class ExportTables(UnitRegistry registry)
{
    private static readonly string[] Figures =
    [
        "registeredHouseholds", "screenedHouseholds", "absentHouseholds", "refusedHouseholds", "coverage",
        "residents.normal", "residents.fever", "residents.keyAreaObservation", "residents.homeQuarantine",
        "residents.centralQuarantine", "residents.suspected", "residents.confirmed", "lastReportAt", "sites",
        "staleSites", "closedSites", "unstaffedSites", "temperatureChecksLastHour", "openAlerts",
        "unacknowledgedAlerts", "escalatedAlerts",
    ];

    private static readonly string[] Residents =
    [
        "residents.normal", "residents.fever", "residents.keyAreaObservation", "residents.homeQuarantine",
        "residents.centralQuarantine", "residents.suspected", "residents.confirmed",
    ];

    /// <summary>The levels between the registry's root and its sites, top down: the chain's columns.</summary>
    private IReadOnlyList<string> Chain { get; } = ChainLevels(registry);

    public ExportTable Children(RegistryUnit unit, IEnumerable<UnitSummary> children, DateTimeOffset now) =>
        new(Name(unit, "children", now), [.. Head("asOf"), "level", .. Figures],
            children.Select(child => (object?[])[Time(now), .. Region(registry.Get(child.Id)), child.Id, child.Name, child.Level, .. Numbers(child)]));

    public ExportTable History(RegistryUnit unit, IEnumerable<UnitHistoryPoint> points, DateTimeOffset now) =>
        new(Name(unit, "history", now), [.. Head("at"), "level", "provisional", .. Figures],
            points.Select(point => (object?[])[Time(point.At), .. Region(unit), unit.Id, point.Summary.Name, unit.Level, point.Provisional, .. Numbers(point.Summary)]));

    public ExportTable Alerts(RegistryUnit unit, IEnumerable<GapAlert> alerts, DateTimeOffset now) =>
        new(Name(unit, "alerts", now),
            [.. Head("asOf"), "alertId", "kind", "raisedAt", "household", "detail", "escalations", "reachedUnitId", "acknowledgedBy", "acknowledgementNote", "acknowledgedAt"],
            alerts.Select(alert => (object?[])
            [
                Time(now), .. Region(registry.Get(alert.SiteId)), alert.SiteId, alert.SiteName, alert.Id, Wire(alert.Kind),
                Time(alert.RaisedAt), alert.Household, alert.Detail, alert.Escalations, alert.ReachedUnitId,
                alert.Acknowledgement?.By, alert.Acknowledgement?.Note, Time(alert.Acknowledgement?.At),
            ]));

    public ExportTable Households(RegistryUnit site, IEnumerable<HouseholdStatus> households, DateTimeOffset now) =>
        new(Name(site, "households", now), [.. Head("asOf"), "household", "outcome", "screenedAt", .. Residents],
            households.Select(h => (object?[])
            [
                Time(now), .. Region(site), site.Id, site.Name, h.Household, h.Outcome is { } outcome ? Wire(outcome) : null,
                Time(h.ScreenedAt), .. h.Residents is { } r ? Counts(r) : new object?[Residents.Length],
            ]));

    /// <summary>Screened of registered households in percent to 0.1, as every download gives it; none without households.</summary>
    public static double? CoveragePercent(UnitSummary s) =>
        s.RegisteredHouseholds == 0 ? null : Math.Round(100.0 * s.ScreenedHouseholds / s.RegisteredHouseholds, 1);

    private string[] Head(string time) => [time, .. Chain, "code", "name"];

    private object?[] Numbers(UnitSummary s) =>
    [
        s.RegisteredHouseholds, s.ScreenedHouseholds, s.AbsentHouseholds, s.RefusedHouseholds,
        CoveragePercent(s),
        .. Counts(s.Residents), Time(s.LastReportAt), s.Sites, s.StaleSites, s.ClosedSites, s.UnstaffedSites,
        s.TemperatureChecksLastHour, s.OpenAlerts, s.UnacknowledgedAlerts, s.EscalatedAlerts,
    ];

    private static object?[] Counts(ResidentCounts r) =>
        [r.Normal, r.Fever, r.KeyAreaObservation, r.HomeQuarantine, r.CentralQuarantine, r.Suspected, r.Confirmed];

    /// <summary>The names of the unit's responsible units (itself included when it is not a site), one per chain level.</summary>
    private object?[] Region(RegistryUnit unit)
    {
        var names = new object?[Chain.Count];
        for (var u = unit.IsSite ? unit.Parent : unit; u?.Parent is not null; u = u.Parent)
        {
            var i = IndexOf(u.Level);
            if (i >= 0)
            {
                names[i] = u.Name;
            }
        }

        return names;
    }

    private int IndexOf(string level)
    {
        for (var i = 0; i < Chain.Count; i++)
        {
            if (Chain[i] == level)
            {
                return i;
            }
        }

        return -1;
    }

    private string? Time(DateTimeOffset? time) =>
        time is { } t ? registry.ToLocal(t).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) : null;

    private string Name(RegistryUnit unit, string what, DateTimeOffset now) =>
        $"{unit.Id}-{what}-{registry.ToLocal(now).ToString("yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture)}";

    /// <summary>An enum as the wire spells it (<c>checkpointOpen</c>).</summary>
    private static string Wire<T>(T value)
        where T : struct, Enum =>
        typeof(T).GetField(value.ToString())?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? value.ToString();

    private static List<string> ChainLevels(UnitRegistry registry)
    {
        var levels = new List<string>();
        var deepest = registry.Sites.Count > 0 ? registry.Sites[0].Parent : null;
        for (var u = deepest; u?.Parent is not null; u = u.Parent)
        {
            levels.Insert(0, u.Level);
        }

        return levels;
    }
}
