using System.Runtime.CompilerServices;
using Canvass.Abstractions.Screening;
using Canvass.Abstractions.Units;
using Canvass.Registry;

namespace Canvass.Grains.Rollup;

/// <summary>
/// The figures an aggregate sums over its children's summaries. A value type held in the grain's field and changed in
/// place: a child's change is its old summary taken out and its new one added, with no allocation.
/// </summary>
internal struct UnitCounters
{
    private ResidentTotals _residents;
    private long _screened, _absent, _refused, _temperatureChecks;
    // The sum of the children's versions: it grows whenever any child's does, and needs no state of its own.
    private long _version;
    private int _staleSites, _closedSites, _unstaffedSites, _openAlerts, _unacknowledgedAlerts, _escalatedAlerts;
    private DateTimeOffset? _lastReportAt;
    private long _homeQuarantine, _keyAreaObservation;
    private int _quarantinesEndingToday, _quarantinesOverdue, _checksDueToday, _checksDone, _checksMissed;
    private int _careOpen, _careOverdue, _careDeliveredToday;
    private DeliveryBuckets _deliveryTimes;

    /// <summary>Before any child is heard from every site of the unit counts as stale, as a site never reported is.</summary>
    public UnitCounters(int sites) => _staleSites = sites;

    /// <summary>Adds a child's summary (<paramref name="sign"/> 1), or takes it out again (-1).</summary>
    public void Add(UnitSummary child, int sign)
    {
        _screened += sign * child.ScreenedHouseholds;
        _absent += sign * child.AbsentHouseholds;
        _refused += sign * child.RefusedHouseholds;
        _staleSites += sign * child.StaleSites;
        _closedSites += sign * child.ClosedSites;
        _unstaffedSites += sign * child.UnstaffedSites;
        _temperatureChecks += sign * child.TemperatureChecksLastHour;
        _openAlerts += sign * child.OpenAlerts;
        _unacknowledgedAlerts += sign * child.UnacknowledgedAlerts;
        _escalatedAlerts += sign * child.EscalatedAlerts;
        _version += sign * child.Version;
        child.Residents.AddTo(_residents, sign);
        _homeQuarantine += sign * child.QuarantinedHouseholds.HomeQuarantine;
        _keyAreaObservation += sign * child.QuarantinedHouseholds.KeyAreaObservation;
        _quarantinesEndingToday += sign * child.QuarantinesEndingToday;
        _quarantinesOverdue += sign * child.QuarantinesOverdue;
        _checksDueToday += sign * child.ChecksDueToday;
        _checksDone += sign * child.ChecksDone;
        _checksMissed += sign * child.ChecksMissed;
        _careOpen += sign * child.CareOpen;
        _careOverdue += sign * child.CareOverdue;
        _careDeliveredToday += sign * child.CareDeliveredToday;
        if (child.CareDeliveryTimes is { } times)
        {
            for (var b = 0; b < times.Length && b < CareDeliveryBuckets.Count; b++)
            {
                _deliveryTimes[b] += sign * times[b];
            }
        }
        if (sign > 0 && child.LastReportAt > (_lastReportAt ?? DateTimeOffset.MinValue))
        {
            // A child's last report only moves forward, so the maximum never has to be recomputed.
            _lastReportAt = child.LastReportAt;
        }
    }

    /// <summary>The unit's summary: its registry facts and these figures.</summary>
    public readonly UnitSummary ToSummary(RegistryUnit unit, bool loading) => new()
    {
        Id = unit.Id,
        Name = unit.Name,
        Level = unit.Level,
        ParentId = unit.Parent?.Id,
        RegisteredHouseholds = unit.Households,
        ScreenedHouseholds = _screened,
        AbsentHouseholds = _absent,
        RefusedHouseholds = _refused,
        Residents = ResidentCounts.From(_residents),
        LastReportAt = _lastReportAt,
        Sites = unit.SiteCount,
        StaleSites = _staleSites,
        ClosedSites = _closedSites,
        UnstaffedSites = _unstaffedSites,
        TemperatureChecksLastHour = _temperatureChecks,
        OpenAlerts = _openAlerts,
        UnacknowledgedAlerts = _unacknowledgedAlerts,
        EscalatedAlerts = _escalatedAlerts,
        Version = _version,
        QuarantinedHouseholds = _homeQuarantine == 0 && _keyAreaObservation == 0 ? QuarantineCounts.Zero : new QuarantineCounts(_homeQuarantine, _keyAreaObservation),
        QuarantinesEndingToday = _quarantinesEndingToday,
        QuarantinesOverdue = _quarantinesOverdue,
        ChecksDueToday = _checksDueToday,
        ChecksDone = _checksDone,
        ChecksMissed = _checksMissed,
        CareOpen = _careOpen,
        CareOverdue = _careOverdue,
        CareDeliveredToday = _careDeliveredToday,
        CareDeliveryTimes = DeliveryTimes(),
        Loading = loading,
    };

    // Allocates only for a unit with deliveries today; null (no median) otherwise.
    private readonly int[]? DeliveryTimes()
    {
        ReadOnlySpan<int> times = _deliveryTimes;
        if (!times.ContainsAnyExcept(0))
        {
            return null;
        }

        return times.ToArray();
    }

    /// <summary>Today's deliveries per bucket of <see cref="CareDeliveryBuckets"/>, inline like the residents.</summary>
    [InlineArray(CareDeliveryBuckets.Count)]
    private struct DeliveryBuckets
    {
        private int _first;
    }

    /// <summary>Residents by status, inline: the counters stay one value with no array behind them.</summary>
    [InlineArray(ResidentCounts.StatusCount)]
    private struct ResidentTotals
    {
        private long _first;
    }
}
