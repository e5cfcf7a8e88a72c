using System.Text.Json.Serialization;

namespace Canvass.Contracts.Units;

/// <summary>
/// The screening status of one unit (a site, or an aggregate of sites: community, subdistrict, district, city...),
/// exact at its <see cref="Version"/>: what <c>GET /api/units/{id}</c> answers and every frame carries.
/// </summary>
public sealed record UnitSummary
{
    private readonly double? _careDeliveryMedianMinutes;

    /// <summary>A division code for an aggregate (<c>440304005021</c>); for a site, its community's code, a dash and three digits (<c>440304005021-001</c>, see <see cref="UnitIds"/>).</summary>
    public required string Id { get; init; }

    /// <summary>The unit's name as the registry has it.</summary>
    public required string Name { get; init; }

    /// <summary>The level as the registry names it (<c>city</c>, <c>district</c>, <c>subdistrict</c>, <c>community</c>, <c>site</c>; a national registry has others): data, so a string.</summary>
    public required string Level { get; init; }

    /// <summary>The parent unit; null at the registry's root.</summary>
    public string? ParentId { get; init; }

    /// <summary>Sites only: <c>compound</c> or <c>urbanVillage</c>; absent from the JSON of aggregates.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Kind { get; init; }

    /// <summary>Households registered below.</summary>
    public long RegisteredHouseholds { get; init; }

    /// <summary>Households whose latest report is <c>screened</c>.</summary>
    public long ScreenedHouseholds { get; init; }

    /// <summary>Households whose latest report is <c>absent</c> (visited, nobody home).</summary>
    public long AbsentHouseholds { get; init; }

    /// <summary>Households whose latest report is <c>refused</c>.</summary>
    public long RefusedHouseholds { get; init; }

    /// <summary>Screened ÷ registered, rounded to four places; 0 for a unit with no households. Derived, so a reader recomputes it from the counts it read.</summary>
    public double Coverage => RegisteredHouseholds == 0 ? 0 : Math.Round((double)ScreenedHouseholds / RegisteredHouseholds, 4);

    /// <summary>Residents of screened households, by status.</summary>
    public ResidentCounts Residents { get; init; } = ResidentCounts.Zero;

    /// <summary>The newest <c>screenedAt</c> of any report below, at the registry's offset; null before the first.</summary>
    public DateTimeOffset? LastReportAt { get; init; }

    /// <summary>Sites below (1 for a site).</summary>
    public int Sites { get; init; }

    /// <summary>Sites below with no report for the stale period, counting sites that never reported.</summary>
    public int StaleSites { get; init; }

    /// <summary>Grows with every change of this unit and never goes back (unless the server's store was emptied).</summary>
    public long Version { get; init; }

    /// <summary>Sites whose latest checkpoint report says they are under closed management.</summary>
    public int ClosedSites { get; init; }

    /// <summary>Sites whose latest checkpoint report says the entrance is not staffed.</summary>
    public int UnstaffedSites { get; init; }

    /// <summary>Temperature checks reported at entrances in the last hour (by the reports' own times).</summary>
    public long TemperatureChecksLastHour { get; init; }

    /// <summary>Open gap alerts at sites below, acknowledged or not.</summary>
    public int OpenAlerts { get; init; }

    /// <summary>Open alerts nobody has acknowledged yet.</summary>
    public int UnacknowledgedAlerts { get; init; }

    /// <summary>Unacknowledged alerts that escalated above their community.</summary>
    public int EscalatedAlerts { get; init; }

    /// <summary>Households under an open quarantine, by kind.</summary>
    public QuarantineCounts QuarantinedHouseholds { get; init; } = QuarantineCounts.Zero;

    /// <summary>Open quarantines planned to end today (the registry's local day).</summary>
    public int QuarantinesEndingToday { get; init; }

    /// <summary>Open quarantines whose planned end has passed: somebody must end or extend them.</summary>
    public int QuarantinesOverdue { get; init; }

    /// <summary>Health checks due today (the registry's local day) of quarantined households, at <c>Care:CheckTimes</c>.</summary>
    public int ChecksDueToday { get; init; }

    /// <summary>Checks due today that a health check met (on time or late).</summary>
    public int ChecksDone { get; init; }

    /// <summary>Checks due today not met within <c>Care:CheckGrace</c> (a late check still counts as done, not missed).</summary>
    public int ChecksMissed { get; init; }

    /// <summary>Care requests requested or accepted, not yet delivered or cancelled.</summary>
    public int CareOpen { get; init; }

    /// <summary>Open care requests past their category's deadline.</summary>
    public int CareOverdue { get; init; }

    /// <summary>Care requests delivered today.</summary>
    public int CareDeliveredToday { get; init; }

    /// <summary>
    /// The median minutes from request to delivery of today's deliveries, at the resolution of the buckets the server
    /// sums exactly up the tree (5 min below 2 h, 15 min below 6 h, then 1 h); null when nothing was delivered today.
    /// Derived on the server; a reader of the wire gets the value written.
    /// </summary>
    public double? CareDeliveryMedianMinutes
    {
        get => CareDeliveryTimes is { } buckets ? CareDeliveryBuckets.Median(buckets) : _careDeliveryMedianMinutes;
        init => _careDeliveryMedianMinutes = value;
    }

    /// <summary>
    /// Server-side only (internal, like <see cref="Loading"/>): today's deliveries per bucket of
    /// <see cref="CareDeliveryBuckets"/>, summed by aggregates; null when none. Never changed once set.
    /// </summary>
    internal int[]? CareDeliveryTimes { get; init; }

    /// <summary>
    /// Server-side only, so internal (never on the wire, never seen by partners): true while an aggregate that
    /// (re)activated has not yet heard a complete summary from every child, so its figures may be below those it
    /// showed before a restart. Grains do not flush such a summary, and the gateway neither shows nor pushes one (a
    /// read answers 503 instead). False for every site.
    /// </summary>
    internal bool Loading { get; init; }
}
