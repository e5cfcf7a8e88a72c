using System.Globalization;
using Canvass.Abstractions.Gaps;
using Canvass.Grains.Care;
using Canvass.Grains.Rollup;
using Canvass.Grains.Screening;
using Canvass.Grains.Uploads;
using Canvass.Registry;
using Microsoft.Extensions.Options;

namespace Canvass.Grains.Gaps;

/// <summary>
/// Which alerts a site has at a given instant, derived from its state alone: the same state and instant always give
/// the same alerts with the same ids, which is what makes them survive a restart without being lost or doubled.
/// </summary>
public sealed class GapRules
{
    private readonly GapOptions _options;
    private readonly long _stalePeriod;
    private readonly ScreeningStart _screeningStart;
    private readonly UnitRegistry _registry;

    public GapRules(IOptions<GapOptions> options, IOptions<RollupOptions> rollup, ScreeningStart screeningStart, UnitRegistry registry, CareRules care, TeamShift shift)
    {
        Care = care;
        Shift = shift;
        _options = options.Value;
        _stalePeriod = rollup.Value.StalePeriod.Ticks;
        // The deployment's, not this silo's start: see ScreeningStart.
        _screeningStart = screeningStart;
        _registry = registry;
    }

    /// <summary>The clock arithmetic of quarantines and care, whose alerts these rules raise too.</summary>
    public CareRules Care { get; }

    /// <summary>The clock arithmetic of silent teams, whose alerts these rules raise too.</summary>
    public TeamShift Shift { get; }

    /// <summary>The gaps raised at <paramref name="now"/>: each alert's key and the instant it was raised.</summary>
    public List<(AlertKey Key, long RaisedAt)> Raised(SiteState state, long now)
    {
        var raised = new List<(AlertKey, long)>(2);
        void Raise(AlertKey key, long at)
        {
            if (at <= now)
            {
                raised.Add((key, at));
            }
        }

        if (state.LastReportUtcTicks == 0)
        {
            // Never visited: no report for the stale period since screening started.
            Raise(new AlertKey(GapKind.Stale, 0, 0), _screeningStart.UtcTicks + _stalePeriod);
        }
        else
        {
            Raise(AlertKey.For(GapKind.Stale, 0, state.LastReportUtcTicks), state.LastReportUtcTicks + _stalePeriod);
        }

        if (state.FirstReportUtcTicks != 0 && BelowTarget(state))
        {
            Raise(AlertKey.For(GapKind.LowCoverage, 0, state.FirstReportUtcTicks), state.FirstReportUtcTicks + _options.CoverageDeadline.Ticks);
        }

        foreach (var household in state.Findings)
        {
            var reported = state.ReportedAtTicks(household);
            Raise(AlertKey.For(GapKind.Finding, household, reported), reported + _options.FollowUpPeriod.Ticks);
        }

        var checkpoints = state.Checkpoints;
        if (checkpoints.OpenSinceTicks != 0)
        {
            Raise(AlertKey.For(GapKind.CheckpointOpen, 0, checkpoints.OpenSinceTicks), checkpoints.OpenSinceTicks);
        }

        if (checkpoints.UnstaffedSinceTicks != 0)
        {
            Raise(AlertKey.For(GapKind.CheckpointUnstaffed, 0, checkpoints.UnstaffedSinceTicks), checkpoints.UnstaffedSinceTicks);
        }

        if (!state.Care.IsEmpty)
        {
            foreach (var (key, at) in CareView.Alerts(state.Care, Care, now))
            {
                Raise(key, at);
            }
        }

        foreach (var team in state.Silences.All)
        {
            // Raised by the sweep once silent; its shift's end clears it.
            if (now < SilentTeams.ShiftEnd(Shift, team))
            {
                Raise(team.Key, team.SinceUtcTicks + Shift.SilentAfter);
            }
        }

        return raised;
    }

    /// <summary>Alert counts, and how many times the alerts (and the last hour's checks) changed by time alone.</summary>
    public GapFigures Figures(SiteState state, RegistryUnit site, long now)
    {
        var figures = new GapFigures { Steps = state.Checkpoints.WindowSteps(now) + CareView.Steps(state.Care, Care, now) };
        var max = MaxEscalations(site);
        foreach (var (key, raisedAt) in Raised(state, now))
        {
            var acknowledged = state.TryGetAcknowledgement(key, out var ack);
            var escalations = Escalations(raisedAt, acknowledged ? ack.AtUtcTicks : now, max);
            figures.Open++;
            figures.Steps += 1 + escalations;
            if (!acknowledged)
            {
                figures.Unacknowledged++;
                figures.Escalated += escalations > 0 ? 1 : 0;
            }
        }

        foreach (var team in state.Silences.All)
        {
            // Cleared by its shift's end but not yet pruned: the steps it made stay, and one more for the clearing,
            // so that the version does not go back until the pruning counts as a change.
            var end = SilentTeams.ShiftEnd(Shift, team);
            if (now >= end)
            {
                var until = state.TryGetAcknowledgement(team.Key, out var ack) ? Math.Min(ack.AtUtcTicks, end) : end;
                figures.Steps += 2 + Escalations(team.SinceUtcTicks + Shift.SilentAfter, until, max);
            }
        }

        return figures;
    }

    /// <summary>
    /// The next instant after <paramref name="now"/> at which time alone changes the site's alerts or checks; null
    /// when nothing will change until the next event.
    /// </summary>
    public long? NextChange(SiteState state, RegistryUnit site, long now)
    {
        long? next = null;
        void Consider(long at)
        {
            if (at > now && (next is null || at < next))
            {
                next = at;
            }
        }

        if (state.LastReportUtcTicks != 0)
        {
            Consider(state.LastReportUtcTicks + _stalePeriod);
        }

        if (state.FirstReportUtcTicks != 0 && BelowTarget(state))
        {
            Consider(state.FirstReportUtcTicks + _options.CoverageDeadline.Ticks);
        }

        foreach (var household in state.Findings)
        {
            Consider(state.ReportedAtTicks(household) + _options.FollowUpPeriod.Ticks);
        }

        foreach (var (at, _, _) in state.Checkpoints.Recent)
        {
            Consider(at);
            Consider(at + Checkpoints.CheckpointState.Window.Ticks);
        }

        if (CareView.NextChange(state.Care, Care, now) is { } care)
        {
            Consider(care);
        }

        foreach (var team in state.Silences.All)
        {
            Consider(SilentTeams.ShiftEnd(Shift, team));
        }

        var max = MaxEscalations(site);
        foreach (var (key, raisedAt) in Raised(state, now))
        {
            if (!state.TryGetAcknowledgement(key, out _) && Escalations(raisedAt, now, max) < max)
            {
                Consider(raisedAt + (Escalations(raisedAt, now, max) + 1) * _options.EscalateAfter.Ticks);
            }
        }

        return next;
    }

    /// <summary>The site's open alerts at <paramref name="now"/> with at least <paramref name="minEscalations"/> escalations.</summary>
    public List<GapAlert> Alerts(SiteState state, RegistryUnit site, long now, int minEscalations)
    {
        var alerts = new List<GapAlert>();
        var max = MaxEscalations(site);
        foreach (var (key, raisedAt) in Raised(state, now))
        {
            var acknowledged = state.TryGetAcknowledgement(key, out var ack);
            var escalations = Escalations(raisedAt, acknowledged ? ack.AtUtcTicks : now, max);
            if (escalations >= minEscalations)
            {
                alerts.Add(ToAlert(state, site, key, raisedAt, escalations, acknowledged ? ack : null));
            }
        }

        return alerts;
    }

    private GapAlert ToAlert(SiteState state, RegistryUnit site, AlertKey key, long raisedAt, int escalations, AlertAcknowledged? ack)
    {
        var reached = site.Parent!;
        for (var i = 0; i < escalations; i++)
        {
            reached = reached.Parent!;
        }

        return new GapAlert
        {
            Id = key.ToId(site.Id),
            SiteId = site.Id,
            SiteName = site.Name,
            CommunityId = site.Parent!.Id,
            Kind = key.Kind,
            RaisedAt = Local(raisedAt),
            // Every household-keyed kind names its household; the display and partner lists leave those out.
            Household = key.Household == 0 ? null : key.Household,
            Detail = Describe(state, key),
            Escalations = escalations,
            ReachedUnitId = reached.Id,
            Acknowledgement = ack is null ? null : new AlertAcknowledgement(ack.By, ack.Note, Local(ack.AtUtcTicks), ack.Subject),
        };
    }

    private string Describe(SiteState state, AlertKey key)
    {
        var culture = CultureInfo.InvariantCulture;
        return key.Kind switch
        {
            GapKind.Stale when state.LastReportUtcTicks == 0 => "no screening report since screening started",
            GapKind.Stale => string.Create(culture, $"no screening report since {Local(state.LastReportUtcTicks):yyyy-MM-dd HH:mm}"),
            GapKind.LowCoverage => string.Create(culture,
                $"{state.Screened} of {state.Households} households screened ({(double)state.Screened / state.Households:P0}), below the target of {_options.CoverageTarget:P0} {_options.CoverageDeadline.TotalHours:0} h after screening started"),
            GapKind.Finding when state.Care.OpenQuarantineOf(key.Household) is { LastCheckFever: true } q && AlertKey.For(key.Kind, key.Household, q.LastCheckTicks) == key =>
                string.Create(culture, $"household {key.Household}: fever at the health check of {Local(q.LastCheckTicks):yyyy-MM-dd HH:mm}"),
            GapKind.Finding => string.Create(culture,
                $"household {key.Household}: {state.ResidentsOf(key.Household)?.Fever ?? 0} fever, {state.ResidentsOf(key.Household)?.Suspected ?? 0} suspected; no follow-up report within {_options.FollowUpPeriod.TotalHours:0} h"),
            GapKind.CheckpointOpen => "the entrance checkpoint reports the site not closed",
            GapKind.CheckpointUnstaffed => "the entrance checkpoint reports nobody on duty",
            GapKind.CheckMissed => string.Create(culture,
                $"household {key.Household}: the health check due {Local(FactTicks(key)):yyyy-MM-dd HH:mm} was not received within {TimeSpan.FromTicks(Care.Grace).TotalHours:0.#} h"),
            GapKind.CareOverdue => DescribeOverdue(state, key, culture),
            GapKind.TeamSilent => DescribeSilence(state, key, culture),
            _ => key.Kind.ToString(),
        };
    }

    private string DescribeSilence(SiteState state, AlertKey key, CultureInfo culture)
    {
        var team = state.Silences.All.FirstOrDefault(t => t.Key == key);
        return team.Subject is null
            ? "a team silent"
            : string.Create(culture,
                $"team {team.Subject}: no upload since {Local(team.SinceUtcTicks):yyyy-MM-dd HH:mm}, silent for {TimeSpan.FromTicks(Shift.SilentAfter).TotalHours:0.#} h of the shift to {Local(SilentTeams.ShiftEnd(Shift, team)):HH:mm}");
    }

    private string DescribeOverdue(SiteState state, AlertKey key, CultureInfo culture)
    {
        var request = state.Care.Requests.FirstOrDefault(r => r.IsOpen && AlertKey.For(GapKind.CareOverdue, r.Household, r.RequestedAtTicks) == key);
        var what = request is null ? "care" : CareOptionsValidator.WireName(request.Category);
        var deadline = request is null ? "" : string.Create(culture, $" within {TimeSpan.FromTicks(Care.Deadline(request.Category)).TotalHours:0.#} h");
        return string.Create(culture, $"household {key.Household}: {what} requested {Local(FactTicks(key)):yyyy-MM-dd HH:mm}, not delivered{deadline}");
    }

    private static long FactTicks(AlertKey key) => DateTime.UnixEpoch.Ticks + key.FactUnixMs * TimeSpan.TicksPerMillisecond;

    private bool BelowTarget(SiteState state) =>
        state.Households > 0 && (double)state.Screened / state.Households < _options.CoverageTarget;

    private int Escalations(long raisedAt, long until, int max) =>
        until <= raisedAt ? 0 : (int)Math.Min(max, (until - raisedAt) / _options.EscalateAfter.Ticks);

    /// <summary>Units above the site's community: how far an alert can escalate.</summary>
    private static int MaxEscalations(RegistryUnit site)
    {
        var levels = 0;
        for (var unit = site.Parent?.Parent; unit is not null; unit = unit.Parent)
        {
            levels++;
        }

        return levels;
    }

    private DateTimeOffset Local(long utcTicks) => _registry.ToLocal(new DateTimeOffset(utcTicks, TimeSpan.Zero));
}

/// <summary>A site's alert counts at an instant, and the number of changes time alone made to its figures.</summary>
public struct GapFigures
{
    public int Open;
    public int Unacknowledged;
    public int Escalated;
    public int Steps;
}
