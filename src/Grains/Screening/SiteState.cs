using Canvass.Abstractions.Screening;
using Canvass.Grains.Care;
using Canvass.Grains.Checkpoints;
using Canvass.Grains.Gaps;
using Canvass.Grains.Uploads;
using Canvass.Storage.History;

namespace Canvass.Grains.Screening;

/// <summary>
/// The latest report of each household of one site, indexed by household number, with running totals so that a
/// summary costs nothing to build. Household 1 is index 0. Its size is bounded by the site (its households, open
/// findings, acknowledgements and a mark per day of the duplicate window), never by how many reports it received:
/// instead of every report id ever seen it keeps the hash of the one behind each household's result, which is all a
/// duplicate check needs from memory (<see cref="Check"/>).
/// </summary>
/// <remarks>
/// Households live in pages of <see cref="PageSize"/>, each allocated on its first report: a site that nobody has
/// reported on yet holds no household storage at all, and one that has a few reports holds a few pages. With the
/// national registry active (a million sites of hundreds of households each) whole arrays per site would take
/// about 10 GB before the first report.
/// </remarks>
public sealed class SiteState
{
    public const int PageSize = HouseholdPage.Size;

    private readonly long[] _residentTotals = new long[ResidentCounts.StatusCount];
    private readonly long[] _outcomeTotals = new long[4];
    // Households whose latest report found fever or a suspected case: few, and each may become an alert.
    private readonly HashSet<int> _findings = [];
    private readonly Dictionary<AlertKey, AlertAcknowledged> _acknowledgements = [];

    public SiteState(int households, HistoryOptions? history = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(households);
        if (history is not null)
        {
            Timeline.Use(history);
        }

        CheckpointTimeline = new CheckpointTimeline(Timeline);

        Households = households;
        Pages = new HouseholdPage?[(households + PageSize - 1) / PageSize];
    }

    public int Households { get; }

    /// <summary>Events that changed a household; reports older than the one held change nothing and are not counted.</summary>
    public long EffectiveEvents { get; internal set; }

    /// <summary>The newest screenedAt of any report, in UTC ticks; 0 before the first.</summary>
    public long LastReportUtcTicks { get; private set; }

    /// <summary>The oldest screenedAt of any report ever applied (screening started here), UTC ticks; 0 before the first.</summary>
    public long FirstReportUtcTicks { get; internal set; }

    public CheckpointState Checkpoints { get; } = new();

    /// <summary>The site's figures by screening time over the late window (see <see cref="ScreeningTimeline"/>).</summary>
    public ScreeningTimeline Timeline { get; } = new();

    /// <summary>The newest checkpoint reports of the late window, which place its checkpoint figures in <see cref="Timeline"/>.</summary>
    public CheckpointTimeline CheckpointTimeline { get; }

    /// <summary>Quarantines, health checks and care requests; bounded by the work in progress (see <see cref="CareState"/>).</summary>
    public CareState Care { get; } = new();

    /// <summary>The teams silent at this site today; bounded by them (see <see cref="SilentTeams"/>).</summary>
    public SilentTeams Silences { get; } = new();

    /// <summary>
    /// Acknowledgements applied, ever: the held ones are pruned once their alert has cleared (care alerts churn), so
    /// the version counts this, which never goes back.
    /// </summary>
    public long AcknowledgementEvents { get; internal set; }

    /// <summary>Where each recent day's acknowledgements begin in the site's journal.</summary>
    public DuplicateMarks Marks { get; } = new();

    /// <summary>Household numbers whose latest report found fever or a suspected case.</summary>
    public IReadOnlyCollection<int> Findings => _findings;

    /// <summary>Every event that changed the site: effective household reports, checkpoint reports, acknowledgements, care, silent teams.</summary>
    public long Changes => EffectiveEvents + Checkpoints.Events + AcknowledgementEvents + Care.Events + Silences.Events;

    public long Screened => _outcomeTotals[(int)ScreeningOutcome.Screened];
    public long Absent => _outcomeTotals[(int)ScreeningOutcome.Absent];
    public long Refused => _outcomeTotals[(int)ScreeningOutcome.Refused];

    public ResidentCounts Residents => ResidentCounts.From(_residentTotals);

    /// <summary>Pages of household storage allocated so far; each holds <see cref="PageSize"/> households.</summary>
    public int AllocatedPages => Pages.Count(p => p is not null);

    internal HouseholdPage?[] Pages { get; }

    internal IReadOnlyCollection<AlertAcknowledged> Acknowledgements => _acknowledgements.Values;

    /// <summary>
    /// Whether a household report could have been acknowledged before. Every acknowledged report was applied, so one
    /// newer than the household's result is new, and the one behind the result is a duplicate; anything older changes
    /// no figure and only the journal can tell whether it was seen.
    /// </summary>
    public DuplicateCheck Check(int household, long screenedAtUtcTicks, long idHash)
    {
        var index = household - 1;
        var page = Pages[index / PageSize];
        var held = page?.Ticks[index % PageSize] ?? 0;
        if (screenedAtUtcTicks > held)
        {
            return DuplicateCheck.New;
        }

        return screenedAtUtcTicks == held && page!.IdHashes[index % PageSize] == idHash ? DuplicateCheck.Duplicate : DuplicateCheck.AskJournal;
    }

    /// <summary>Whether household <paramref name="household"/> (1-based) has any report.</summary>
    public bool IsReported(int household) => ReportedAt(household - 1) != 0;

    public ScreeningOutcome? OutcomeOf(int household) =>
        IsReported(household) ? Pages[(household - 1) / PageSize]!.Outcomes[(household - 1) % PageSize] : null;

    /// <summary>When household <paramref name="household"/> (1-based) was last reported, UTC ticks; 0 if never.</summary>
    public long ReportedAtTicks(int household) => ReportedAt(household - 1);

    public ResidentCounts? ResidentsOf(int household) =>
        IsReported(household) ? Pages[(household - 1) / PageSize]!.ResidentsAt((household - 1) % PageSize) : null;

    public bool TryGetAcknowledgement(AlertKey key, out AlertAcknowledged acknowledgement) =>
        _acknowledgements.TryGetValue(key, out acknowledgement!);

    /// <summary>
    /// Applies a checkpoint report; it always changes the site (its checks count, even when it is older).
    /// <paramref name="arrivedAtUtcTicks"/> as for a household report.
    /// </summary>
    public void Apply(CheckpointReported e, long arrivedAtUtcTicks = 0)
    {
        Checkpoints.Apply(e);
        CheckpointTimeline.Apply(e, arrivedAtUtcTicks);
    }

    /// <summary>Drops what of the timeline is final as of <paramref name="nowUtcTicks"/> and already handed to the recorder.</summary>
    public void PruneTimeline(long nowUtcTicks)
    {
        Timeline.Prune(nowUtcTicks);
        CheckpointTimeline.Prune(nowUtcTicks);
    }

    /// <summary>Applies an acknowledgement; false for an alert acknowledged before (the first one stands).</summary>
    public bool Apply(AlertAcknowledged e)
    {
        if (!_acknowledgements.TryAdd(e.Key, e))
        {
            return false;
        }

        AcknowledgementEvents++;
        return true;
    }

    /// <summary>
    /// Forgets the acknowledgements of findings, missed checks, overdue care and silent teams no longer raised. The key
    /// of each of those names a fact that, once cleared, never comes back under the same key (a newer report, a later
    /// check, a closed request, a team's next upload), so nothing shown changes; without this every missed check or late delivery ever acknowledged
    /// would stay in memory and in every snapshot. A site-wide gap (low coverage) can come back under its key, so
    /// its acknowledgement stays.
    /// </summary>
    public int PruneAcknowledgements(IReadOnlySet<AlertKey> raised)
    {
        var gone = _acknowledgements.Keys.Where(k => k.Kind is GapKind.Finding or GapKind.CheckMissed or GapKind.CareOverdue or GapKind.TeamSilent && !raised.Contains(k)).ToList();
        gone.ForEach(k => _acknowledgements.Remove(k));
        return gone.Count;
    }

    /// <summary>
    /// Applies one event; returns whether the household's latest report changed. <paramref name="arrivedAtUtcTicks"/>
    /// is when the site journaled it (0 when unknown), which places a late report in the screening timeline.
    /// </summary>
    public bool Apply(HouseholdReported e, long arrivedAtUtcTicks = 0)
    {
        FirstReportUtcTicks = FirstReportUtcTicks == 0 ? e.ScreenedAtUtcTicks : Math.Min(FirstReportUtcTicks, e.ScreenedAtUtcTicks);
        var index = e.Household - 1;
        if ((uint)index >= (uint)Households)
        {
            // Only on replay, after the registry shrank this site: the report is in the journal, the household is gone.
            return false;
        }

        var page = Pages[index / PageSize];
        var slot = index % PageSize;
        if (e.ScreenedAtUtcTicks <= (page?.Ticks[slot] ?? 0))
        {
            // An older (or same-instant) report than the one held: the household keeps its latest result.
            return false;
        }

        page ??= Pages[index / PageSize] = new HouseholdPage();
        var held = page.Ticks[slot] != 0;
        Timeline.Replace(e.ScreenedAtUtcTicks, arrivedAtUtcTicks, held ? page.Outcomes[slot] : null,
            held ? page.Residents.AsSpan(slot * ResidentCounts.StatusCount, ResidentCounts.StatusCount) : default, e.Outcome, e.Residents);
        if (held)
        {
            _outcomeTotals[(int)page.Outcomes[slot]]--;
            page.AddResidentsTo(slot, _residentTotals, -1);
        }

        page.Ticks[slot] = e.ScreenedAtUtcTicks;
        page.Outcomes[slot] = e.Outcome;
        page.IdHashes[slot] = ReportIdHash.Of(e.ReportId);
        _outcomeTotals[(int)e.Outcome]++;
        page.SetResidents(slot, e.Residents);
        page.AddResidentsTo(slot, _residentTotals, 1);
        if (page.HasFinding(slot))
        {
            _findings.Add(e.Household);
        }
        else
        {
            _findings.Remove(e.Household);
        }

        LastReportUtcTicks = Math.Max(LastReportUtcTicks, e.ScreenedAtUtcTicks);
        EffectiveEvents++;
        return true;
    }

    /// <summary>The whole state as bytes, for the journal's snapshots; see <see cref="SiteSnapshot"/>.</summary>
    public byte[] ToSnapshot() => SiteSnapshot.Write(this);

    /// <inheritdoc cref="SiteSnapshot.Read"/>
    public static SiteState FromSnapshot(byte[] snapshot, int households, long restoredAtUtcTicks, HistoryOptions? history = null) =>
        SiteSnapshot.Read(snapshot, households, restoredAtUtcTicks, history);

    /// <summary>
    /// Seeds the screening timeline from the held results, each at its own bucket: for a snapshot that kept no
    /// timeline (format 5 and older), the best it knows (the results they replaced are gone).
    /// </summary>
    internal void SeedTimeline()
    {
        for (var p = 0; p < Pages.Length; p++)
        {
            if (Pages[p] is not { } page)
            {
                continue;
            }

            for (var slot = 0; slot < PageSize; slot++)
            {
                if (page.Ticks[slot] != 0)
                {
                    Timeline.Replace(page.Ticks[slot], 0, null, default, page.Outcomes[slot], page.ResidentsAt(slot));
                }
            }
        }
    }

    /// <summary>Households in page <paramref name="p"/>: <see cref="PageSize"/>, fewer in the last.</summary>
    internal int PageLength(int p) => Math.Min(PageSize, Households - p * PageSize);

    internal void Restore(AlertAcknowledged acknowledgement) => _acknowledgements[acknowledgement.Key] = acknowledgement;

    internal int AcknowledgementCount => _acknowledgements.Count;

    /// <summary>Rebuilds the running totals from the pages, which is all a snapshot stores of them.</summary>
    internal void Total()
    {
        for (var p = 0; p < Pages.Length; p++)
        {
            if (Pages[p] is not { } page)
            {
                continue;
            }

            for (var slot = 0; slot < PageSize; slot++)
            {
                if (page.Ticks[slot] != 0)
                {
                    _outcomeTotals[(int)page.Outcomes[slot]]++;
                    page.AddResidentsTo(slot, _residentTotals, 1);
                    LastReportUtcTicks = Math.Max(LastReportUtcTicks, page.Ticks[slot]);
                    // Format 1 did not keep the first report's time: the oldest held is the best it knows.
                    FirstReportUtcTicks = FirstReportUtcTicks == 0 ? page.Ticks[slot] : Math.Min(FirstReportUtcTicks, page.Ticks[slot]);
                    if (page.HasFinding(slot))
                    {
                        _findings.Add(p * PageSize + slot + 1);
                    }
                }
            }
        }
    }

    private long ReportedAt(int index) => Pages[index / PageSize]?.Ticks[index % PageSize] ?? 0;
}
