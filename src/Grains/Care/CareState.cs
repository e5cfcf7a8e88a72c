using Canvass.Grains.Screening;

namespace Canvass.Grains.Care;

/// <summary>
/// A site's care: its quarantines and care requests, bounded by the work in progress rather than by history. It holds
/// open quarantines (each with the checks from the start of yesterday), open requests, and what closed today;
/// <see cref="Compact"/> drops the rest once its day is over, and the journal keeps it for audit.
/// </summary>
/// <remarks>
/// What time changes (checks due, missed, overdue, today's figures) is computed from this at an instant
/// (<see cref="CareView"/>), so a replay gives the same figures. <see cref="Events"/> counts every care event and
/// every entry compacted out: the site's version grows with it and never goes back, however the compaction fell.
/// </remarks>
public sealed class CareState
{
    private readonly Dictionary<string, QuarantineEntry> _quarantines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CareEntry> _requests = new(StringComparer.Ordinal);

    /// <summary>Care events applied plus entries compacted out; counted into the site's version.</summary>
    public long Events { get; private set; }

    /// <summary>When the newest care event was journaled, UTC ticks: time-driven changes are counted from it.</summary>
    public long AnchorTicks { get; private set; }

    /// <summary>Checks timed before this were compacted out; a resend of one is asked of the journal.</summary>
    public long CheckHorizonTicks { get; private set; }

    public long CompactedQuarantines { get; private set; }

    public long CompactedRequests { get; private set; }

    public bool IsEmpty => _quarantines.Count == 0 && _requests.Count == 0;

    public IReadOnlyCollection<QuarantineEntry> Quarantines => _quarantines.Values;

    public IReadOnlyCollection<CareEntry> Requests => _requests.Values;

    public QuarantineEntry? Quarantine(string id) => _quarantines.GetValueOrDefault(id);

    public CareEntry? Request(string id) => _requests.GetValueOrDefault(id);

    /// <summary>The household's open quarantine, if any.</summary>
    public QuarantineEntry? OpenQuarantineOf(int household) =>
        _quarantines.Values.FirstOrDefault(q => q.Household == household && q.IsOpen);

    /// <summary>The quarantine the household was under at <paramref name="utcTicks"/>, if the site holds it.</summary>
    public QuarantineEntry? QuarantineAt(int household, long utcTicks) =>
        _quarantines.Values.FirstOrDefault(q => q.Household == household && q.Covers(utcTicks));

    /// <summary>Whether a placement id was seen: a held one certainly; one not held is new unless some were compacted out.</summary>
    public DuplicateCheck CheckQuarantine(string id) =>
        _quarantines.ContainsKey(id) ? DuplicateCheck.Duplicate : CompactedQuarantines == 0 ? DuplicateCheck.New : DuplicateCheck.AskJournal;

    /// <inheritdoc cref="CheckQuarantine"/>
    public DuplicateCheck CheckRequest(string id) =>
        _requests.ContainsKey(id) ? DuplicateCheck.Duplicate : CompactedRequests == 0 ? DuplicateCheck.New : DuplicateCheck.AskJournal;

    /// <summary>Whether a check could have been seen: every check since the horizon is kept with its id hash.</summary>
    public DuplicateCheck CheckHealthCheck(QuarantineEntry quarantine, long atUtcTicks, long idHash)
    {
        if (atUtcTicks < CheckHorizonTicks)
        {
            return DuplicateCheck.AskJournal;
        }

        return quarantine.Checks.Exists(c => c.AtTicks == atUtcTicks && c.IdHash == idHash) ? DuplicateCheck.Duplicate : DuplicateCheck.New;
    }

    public void Apply(QuarantinePlaced e, int households, long journaledAt)
    {
        Counted(journaledAt);
        if (e.Household >= 1 && e.Household <= households)
        {
            _quarantines.TryAdd(e.QuarantineId, new QuarantineEntry
            {
                Id = e.QuarantineId,
                Household = e.Household,
                Kind = e.Kind,
                StartTicks = e.StartTicks,
                PlannedEndTicks = e.PlannedEndTicks,
                Residents = e.Residents,
            });
        }
    }

    public void Apply(QuarantineExtended e, long journaledAt)
    {
        Counted(journaledAt);
        if (Quarantine(e.QuarantineId) is { IsOpen: true } q)
        {
            q.PlannedEndTicks = e.PlannedEndTicks;
        }
    }

    public void Apply(QuarantineEnded e, long journaledAt)
    {
        Counted(journaledAt);
        if (Quarantine(e.QuarantineId) is { IsOpen: true } q)
        {
            q.EndedAtTicks = e.AtTicks;
        }
    }

    public void Apply(HealthChecked e, long journaledAt)
    {
        Counted(journaledAt);
        if (QuarantineAt(e.Household, e.AtTicks) is not { } q)
        {
            return;
        }

        q.Checks.Add((e.AtTicks, e.Fever > 0, ReportIdHash.Of(e.CheckId)));
        if (e.AtTicks >= q.LastCheckTicks)
        {
            q.LastCheckTicks = e.AtTicks;
            q.LastCheckFever = e.Fever > 0;
        }
    }

    public void Apply(CareRequested e, int households, long journaledAt)
    {
        Counted(journaledAt);
        if (e.Household >= 1 && e.Household <= households && !_requests.ContainsKey(e.CareId))
        {
            var entry = new CareEntry { Id = e.CareId, Household = e.Household, Category = e.Category, Note = e.Note, RequestedAtTicks = e.RequestedAtTicks };
            entry.History.Add((CareStep.Request, e.RequestedAtTicks, e.Subject, null));
            _requests.Add(e.CareId, entry);
        }
    }

    public void Apply(CareStepped e, long journaledAt)
    {
        Counted(journaledAt);
        if (Request(e.CareId) is not { } r || Follows(r.State, e.Step) != StepFit.Next)
        {
            return;
        }

        r.State = e.Step switch
        {
            CareStep.Accept => CareRequestState.Accepted,
            CareStep.Deliver => CareRequestState.Delivered,
            _ => CareRequestState.Cancelled,
        };
        r.ClosedAtTicks = r.IsOpen ? 0 : e.AtTicks;
        r.History.Add((e.Step, e.AtTicks, e.Subject, e.Reason));
    }

    /// <summary>How a step fits where a request stands: deliver needs no accept, nothing follows delivered or cancelled.</summary>
    public static StepFit Follows(CareRequestState state, CareStep step) => (state, step) switch
    {
        (CareRequestState.Requested, CareStep.Accept or CareStep.Deliver or CareStep.Cancel) => StepFit.Next,
        (CareRequestState.Accepted, CareStep.Deliver or CareStep.Cancel) => StepFit.Next,
        (CareRequestState.Accepted, CareStep.Accept) or (CareRequestState.Delivered, CareStep.Deliver) or (CareRequestState.Cancelled, CareStep.Cancel) => StepFit.Repeat,
        _ => StepFit.OutOfOrder,
    };

    /// <summary>
    /// Drops what no figure, list or alert of today or later can show: quarantines ended and requests closed before
    /// today (once the grace of the last slot has run out too), and checks from before yesterday. Returns whether
    /// anything went.
    /// </summary>
    public bool Compact(long now, CareRules rules)
    {
        var horizon = rules.DayStart(now) - TimeSpan.TicksPerDay;
        var changed = false;
        if (horizon > CheckHorizonTicks)
        {
            CheckHorizonTicks = horizon;
            foreach (var q in _quarantines.Values)
            {
                changed |= q.Checks.RemoveAll(c => c.AtTicks < horizon) > 0;
            }
        }

        var ended = _quarantines.Values.Where(q => !q.IsOpen && CareView.FrozenAt(q, rules) <= now).Select(q => q.Id).ToList();
        var closed = _requests.Values.Where(r => !r.IsOpen && CareView.FrozenAt(r, rules) <= now).Select(r => r.Id).ToList();
        ended.ForEach(id => _quarantines.Remove(id));
        closed.ForEach(id => _requests.Remove(id));
        CompactedQuarantines += ended.Count;
        CompactedRequests += closed.Count;
        Events += ended.Count + closed.Count;
        return changed || ended.Count + closed.Count > 0;
    }

    /// <summary>Forgets the households a resized site no longer has.</summary>
    public void DropBeyond(int households)
    {
        foreach (var id in _quarantines.Values.Where(q => q.Household > households).Select(q => q.Id).ToList())
        {
            _quarantines.Remove(id);
        }

        foreach (var id in _requests.Values.Where(r => r.Household > households).Select(r => r.Id).ToList())
        {
            _requests.Remove(id);
        }
    }

    private void Counted(long journaledAt)
    {
        Events++;
        AnchorTicks = Math.Max(AnchorTicks, journaledAt);
    }

    /// <summary>See <see cref="SiteSnapshot"/>, format 5.</summary>
    public void Write(BinaryWriter writer) => CareSnapshot.Write(this, writer);

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    public void Read(BinaryReader reader) => CareSnapshot.Read(this, reader);

    internal void Restore(long events, long anchor, long horizon, long compactedQuarantines, long compactedRequests)
    {
        (Events, AnchorTicks, CheckHorizonTicks, CompactedQuarantines, CompactedRequests) = (events, anchor, horizon, compactedQuarantines, compactedRequests);
    }

    internal void Restore(QuarantineEntry quarantine) => _quarantines[quarantine.Id] = quarantine;

    internal void Restore(CareEntry request) => _requests[request.Id] = request;
}

/// <summary>How a step fits where a care request stands.</summary>
public enum StepFit
{
    Next,
    /// <summary>The step the request already took: done, nothing changes.</summary>
    Repeat,
    OutOfOrder,
}
