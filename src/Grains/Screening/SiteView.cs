using Canvass.Abstractions.Screening;
using Canvass.Abstractions.Units;
using Canvass.Grains.Care;
using Canvass.Grains.Gaps;
using Canvass.Registry;

namespace Canvass.Grains.Screening;

/// <summary>What a site shows of its state: its summary (derived, never counted, so that a replay gives the same) and its households.</summary>
internal static class SiteView
{
    // A site's version is its changes times this plus the changes time made since (alerts raised or escalated, checks
    // leaving the last hour, care's midnights, missed slots and deadlines), which stay far below it.
    private const long VersionsPerChange = 1 << 16;

    public static UnitSummary Summary(RegistryUnit site, SiteState state, GapFigures figures, CareFigures care, long now, TimeSpan stalePeriod, UnitRegistry registry)
    {
        var checkpoints = state.Checkpoints;
        return new()
        {
            Id = site.Id,
            Name = site.Name,
            Level = site.Level,
            ParentId = site.Parent?.Id,
            Kind = site.Kind,
            RegisteredHouseholds = state.Households,
            ScreenedHouseholds = state.Screened,
            AbsentHouseholds = state.Absent,
            RefusedHouseholds = state.Refused,
            Residents = state.Residents,
            LastReportAt = state.LastReportUtcTicks == 0 ? null : registry.ToLocal(new DateTimeOffset(state.LastReportUtcTicks, TimeSpan.Zero)),
            Sites = 1,
            StaleSites = state.LastReportUtcTicks == 0 || now - state.LastReportUtcTicks >= stalePeriod.Ticks ? 1 : 0,
            ClosedSites = checkpoints.HasReport && checkpoints.Closed ? 1 : 0,
            UnstaffedSites = checkpoints.HasReport && !checkpoints.Staffed ? 1 : 0,
            TemperatureChecksLastHour = checkpoints.ChecksInLastHour(now),
            OpenAlerts = figures.Open,
            UnacknowledgedAlerts = figures.Unacknowledged,
            EscalatedAlerts = figures.Escalated,
            QuarantinedHouseholds = care.HomeQuarantine == 0 && care.KeyAreaObservation == 0 ? QuarantineCounts.Zero : new QuarantineCounts(care.HomeQuarantine, care.KeyAreaObservation),
            QuarantinesEndingToday = care.EndingToday,
            QuarantinesOverdue = care.QuarantinesOverdue,
            ChecksDueToday = care.DueToday,
            ChecksDone = care.Done,
            ChecksMissed = care.Missed,
            CareOpen = care.Open,
            CareOverdue = care.CareOverdue,
            CareDeliveredToday = care.DeliveredToday,
            CareDeliveryTimes = care.DeliveryTimes,
            // Derived, not counted, so that it is the same after a replay; see VersionsPerChange.
            Version = state.Changes * VersionsPerChange + Math.Min(figures.Steps, VersionsPerChange - 1),
        };
    }

    /// <summary>Each household's latest result, household 1 first; a household never reported has none.</summary>
    public static HouseholdStatus[] Households(SiteState state, UnitRegistry registry)
    {
        var households = new HouseholdStatus[state.Households];
        for (var h = 1; h <= households.Length; h++)
        {
            var reported = state.ReportedAtTicks(h);
            households[h - 1] = reported == 0
                ? new HouseholdStatus(h, null, null, null)
                : new HouseholdStatus(h, state.OutcomeOf(h), registry.ToLocal(new DateTimeOffset(reported, TimeSpan.Zero)), state.ResidentsOf(h));
        }

        return households;
    }
}
