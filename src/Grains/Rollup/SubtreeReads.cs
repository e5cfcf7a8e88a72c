using Canvass.Abstractions.Gaps;
using Canvass.Abstractions.Screening;
using Canvass.Abstractions.Units;
using Canvass.Grains.Care;
using Canvass.Grains.Gaps;
using Canvass.Registry;

namespace Canvass.Grains.Rollup;

/// <summary>
/// The lists an aggregate answers from its subtree: the sites furthest behind (gaps), the open alerts, quarantines
/// and care requests, each asked
/// only of the children whose held summary says there is something to find.
/// </summary>
internal sealed class SubtreeReads(RegistryUnit unit, UnitChildren children)
{
    // The alerts of site children as last read, with the version of the site's summary held then: a site's version
    // changes with every change of its alerts (raised, escalated, acknowledged, cleared), so an entry is good while
    // the held summary keeps that version. Spares the sites a call for every read of a list.
    private Dictionary<int, (long Version, IReadOnlyList<GapAlert> Alerts)>? _siteAlerts;

    public async Task<IReadOnlyList<UnitSummary>> GetGapsAsync(int limit)
    {
        var candidates = new List<UnitSummary>();
        var below = new List<Task<IReadOnlyList<UnitSummary>>>();
        for (var i = 0; i < children.Count; i++)
        {
            if (unit.Children[i].IsSite)
            {
                candidates.Add(children[i]);
            }
            else
            {
                below.Add(((IUnitGrain)children.Grains[i]).GetGapsAsync(limit));
            }
        }

        foreach (var gaps in await Task.WhenAll(below))
        {
            candidates.AddRange(gaps);
        }

        candidates.Sort(GapOrder.Instance);
        return candidates.Count > limit ? candidates.GetRange(0, limit) : candidates;
    }

    public async Task<IReadOnlyList<GapAlert>> GetAlertsAsync(int limit, string? escalatedTo)
    {
        // The held summaries say which children have alerts at all: only those are asked.
        var minEscalations = escalatedTo is null ? 0 : LevelsUpTo(escalatedTo);
        var below = new List<Task<IReadOnlyList<GapAlert>>>();
        var alerts = new List<GapAlert>();
        for (var i = 0; i < children.Count; i++)
        {
            if (children[i].OpenAlerts == 0)
            {
                continue;
            }

            if (children.Grains[i] is not ISiteGrain)
            {
                below.Add(((IUnitGrain)children.Grains[i]).GetAlertsAsync(limit, escalatedTo));
            }
            else if (_siteAlerts?.GetValueOrDefault(i) is { } cached && cached.Version == children[i].Version)
            {
                alerts.AddRange(cached.Alerts);
            }
            else
            {
                below.Add(ReadSiteAlertsAsync(i));
            }
        }

        foreach (var found in await Task.WhenAll(below))
        {
            alerts.AddRange(found);
        }

        if (minEscalations > 0)
        {
            alerts.RemoveAll(a => a.Escalations < minEscalations);
        }

        alerts.Sort(AlertOrder.Instance);
        return alerts.Count > limit ? alerts.GetRange(0, limit) : alerts;
    }

    /// <summary>The open quarantines below, worst first (see <see cref="CareOrder"/>), at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<Quarantine>> GetQuarantinesAsync(int limit)
    {
        var below = new List<Task<IReadOnlyList<Quarantine>>>();
        for (var i = 0; i < children.Count; i++)
        {
            if (children[i].QuarantinedHouseholds.Total == 0)
            {
                continue;
            }

            below.Add(children.Grains[i] is ISiteGrain site ? site.GetQuarantinesAsync() : ((IUnitGrain)children.Grains[i]).GetQuarantinesAsync(limit));
        }

        var found = new List<Quarantine>();
        foreach (var list in await Task.WhenAll(below))
        {
            // A site also lists those it ended today; an aggregate lists open ones, which its figures count.
            found.AddRange(list.Where(q => q.EndedAt is null));
        }

        found.Sort(CareOrder.Quarantines);
        return found.Count > limit ? found.GetRange(0, limit) : found;
    }

    /// <summary>The care requests below in <paramref name="state"/>, overdue first, then the oldest, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<CareRequest>> GetCareAsync(CareListState state, int limit)
    {
        var below = new List<Task<IReadOnlyList<CareRequest>>>();
        for (var i = 0; i < children.Count; i++)
        {
            var held = children[i];
            var any = state switch
            {
                CareListState.Overdue => held.CareOverdue,
                CareListState.Delivered => held.CareDeliveredToday,
                _ => held.CareOpen,
            };
            if (any == 0)
            {
                continue;
            }

            below.Add(children.Grains[i] is ISiteGrain site ? site.GetCareAsync(state) : ((IUnitGrain)children.Grains[i]).GetCareAsync(state, limit));
        }

        var found = new List<CareRequest>();
        foreach (var list in await Task.WhenAll(below))
        {
            found.AddRange(list);
        }

        found.Sort(CareOrder.Requests);
        return found.Count > limit ? found.GetRange(0, limit) : found;
    }

    private async Task<IReadOnlyList<GapAlert>> ReadSiteAlertsAsync(int child)
    {
        var version = children[child].Version;
        var alerts = await ((ISiteGrain)children.Grains[child]).GetAlertsAsync(0);
        (_siteAlerts ??= [])[child] = (version, alerts);
        return alerts;
    }

    /// <summary>Levels from this unit up to <paramref name="ancestorId"/>: 0 for itself (or an id not above it).</summary>
    private int LevelsUpTo(string ancestorId)
    {
        var levels = 0;
        for (var u = unit; u is not null; u = u.Parent, levels++)
        {
            if (u.Id == ancestorId)
            {
                return levels;
            }
        }

        return 0;
    }
}
