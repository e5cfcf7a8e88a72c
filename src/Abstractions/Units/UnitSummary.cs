using System.Text.Json.Serialization;
using Canvass.Abstractions.Screening;

namespace Canvass.Abstractions.Units;

/// <summary>
/// The screening status of one unit (a site or an aggregate of sites), exact at its <c>version</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("canvass.UnitSummary")]
public sealed record UnitSummary
{
    /// <summary>A division code for an aggregate (<c>440304005021</c>); for a site, its community's code, a dash and three digits (<c>440304005021-001</c>).</summary>
    [Id(0)] public required string Id { get; init; }

    [Id(1)] public required string Name { get; init; }

    /// <summary>The unit's level as the registry names it: city, district, subdistrict, community or site.</summary>
    [Id(2)] public required string Level { get; init; }

    /// <summary>The parent unit; null at the root.</summary>
    [Id(3)] public string? ParentId { get; init; }

    /// <summary>Sites only: <c>compound</c> or <c>urbanVillage</c>.</summary>
    [Id(4)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Kind { get; init; }

    [Id(5)] public long RegisteredHouseholds { get; init; }

    /// <summary>Households whose latest report is <c>screened</c>.</summary>
    [Id(6)] public long ScreenedHouseholds { get; init; }

    /// <summary>Households whose latest report is <c>absent</c> (visited, nobody home).</summary>
    [Id(7)] public long AbsentHouseholds { get; init; }

    /// <summary>Households whose latest report is <c>refused</c>.</summary>
    [Id(8)] public long RefusedHouseholds { get; init; }

    /// <summary>Screened ÷ registered, rounded to four places; 0 for a unit with no households.</summary>
    public double Coverage => RegisteredHouseholds == 0 ? 0 : Math.Round((double)ScreenedHouseholds / RegisteredHouseholds, 4);

    /// <summary>Residents of screened households, by status.</summary>
    [Id(9)] public ResidentCounts Residents { get; init; } = ResidentCounts.Zero;

    /// <summary>The newest <c>screenedAt</c> of any report below, in the registry's local offset.</summary>
    [Id(10)] public DateTimeOffset? LastReportAt { get; init; }

    /// <summary>Sites below (1 for a site).</summary>
    [Id(11)] public int Sites { get; init; }

    /// <summary>Sites below with no report for the stale period, counting sites that never reported.</summary>
    [Id(12)] public int StaleSites { get; init; }

    /// <summary>Grows with every change of this unit and never goes back.</summary>
    [Id(13)] public long Version { get; init; }

    /// <summary>Sites whose latest checkpoint report says they are under closed management.</summary>
    [Id(14)] public int ClosedSites { get; init; }

    /// <summary>Sites whose latest checkpoint report says the entrance is not staffed.</summary>
    [Id(15)] public int UnstaffedSites { get; init; }

    /// <summary>Temperature checks reported at entrances in the last hour (by the reports' own times).</summary>
    [Id(16)] public long TemperatureChecksLastHour { get; init; }

    /// <summary>Open gap alerts at sites below, acknowledged or not.</summary>
    [Id(17)] public int OpenAlerts { get; init; }

    /// <summary>Open alerts nobody has acknowledged yet.</summary>
    [Id(18)] public int UnacknowledgedAlerts { get; init; }

    /// <summary>Unacknowledged alerts that escalated above their community.</summary>
    [Id(19)] public int EscalatedAlerts { get; init; }

    /// <summary>
    /// Not on the wire: true while an aggregate that (re)activated has not yet heard a complete summary from every
    /// child, so its figures may be below those it showed before a restart. Grains do not flush such a summary, and
    /// the gateway neither shows nor pushes one (a read answers 503 instead). False for every site.
    /// </summary>
    [Id(20)]
    [JsonIgnore]
    [System.Runtime.Serialization.IgnoreDataMember]
    public bool Loading { get; init; }
}
