using Canvass.Grains.Gaps;

namespace Canvass.Grains.Care;

/// <summary>
/// What a site's care state shows at an instant: its figures, its quarantines and requests as the wire has them, its
/// alerts, and when time alone changes any of it. Derived, never counted, so that a replay shows the same.
/// </summary>
internal static class CareView
{
    /// <summary>From when nothing about an ended quarantine changes with time any more: it may be compacted out.</summary>
    public static long FrozenAt(QuarantineEntry q, CareRules rules) =>
        q.IsOpen ? long.MaxValue : Math.Max(rules.NextMidnight(q.EndedAtTicks), q.EndedAtTicks + rules.Grace);

    /// <summary>From when nothing about a closed request changes with time any more: the end of the day it closed.</summary>
    public static long FrozenAt(CareEntry r, CareRules rules) => r.IsOpen ? long.MaxValue : rules.NextMidnight(r.ClosedAtTicks);

    public static long DueBy(CareEntry r, CareRules rules) => r.RequestedAtTicks + rules.Deadline(r.Category);

    public static CareFigures Figures(CareState state, CareRules rules, long now)
    {
        var figures = new CareFigures();
        if (state.IsEmpty)
        {
            return figures;
        }

        var today = rules.DayStart(now);
        foreach (var q in state.Quarantines)
        {
            var slots = Slots(q, rules, now);
            figures.DueToday += slots.DueToday;
            figures.Done += slots.DoneToday;
            figures.Missed += slots.MissedToday;
            if (!q.IsOpen)
            {
                continue;
            }

            if (q.Kind == QuarantineKind.KeyAreaObservation)
            {
                figures.KeyAreaObservation++;
            }
            else
            {
                figures.HomeQuarantine++;
            }

            figures.EndingToday += q.PlannedEndTicks >= today && q.PlannedEndTicks < today + TimeSpan.TicksPerDay ? 1 : 0;
            figures.QuarantinesOverdue += q.PlannedEndTicks <= now ? 1 : 0;
        }

        foreach (var r in state.Requests)
        {
            if (r.IsOpen)
            {
                figures.Open++;
                figures.CareOverdue += DueBy(r, rules) <= now ? 1 : 0;
            }
            else if (r.State == CareRequestState.Delivered && r.ClosedAtTicks >= today && r.ClosedAtTicks < today + TimeSpan.TicksPerDay && r.ClosedAtTicks <= now)
            {
                figures.DeliveredToday++;
                figures.DeliveryTimes ??= new int[CareDeliveryBuckets.Count];
                figures.DeliveryTimes[CareDeliveryBuckets.Of((double)(r.ClosedAtTicks - r.RequestedAtTicks) / TimeSpan.TicksPerMinute)]++;
            }
        }

        return figures;
    }

    /// <summary>The care alerts raised at <paramref name="now"/> or later (the caller keeps those due by now).</summary>
    public static IEnumerable<(AlertKey Key, long RaisedAt)> Alerts(CareState state, CareRules rules, long now)
    {
        foreach (var q in state.Quarantines)
        {
            if (!q.IsOpen)
            {
                continue;
            }

            if (Slots(q, rules, now).FirstMissed is { } missed)
            {
                yield return (AlertKey.For(GapKind.CheckMissed, q.Household, missed), missed + rules.Grace);
            }

            if (q.LastCheckFever)
            {
                yield return (AlertKey.For(GapKind.Finding, q.Household, q.LastCheckTicks), q.LastCheckTicks);
            }
        }

        foreach (var r in state.Requests)
        {
            if (r.IsOpen)
            {
                yield return (AlertKey.For(GapKind.CareOverdue, r.Household, r.RequestedAtTicks), DueBy(r, rules));
            }
        }
    }

    /// <summary>
    /// The instants since the newest care event at which time alone changed the care figures (midnights, slots' grace
    /// running out, planned ends, deadlines): grows with time between events, for the site's version.
    /// </summary>
    public static int Steps(CareState state, CareRules rules, long now)
    {
        if (state.IsEmpty)
        {
            return 0;
        }

        var after = state.AnchorTicks;
        var steps = rules.MidnightsBetween(after, now);
        if (state.Quarantines.Count > 0)
        {
            steps += rules.GraceEndsBetween(after, now);
        }

        foreach (var q in state.Quarantines)
        {
            steps += q.IsOpen && q.PlannedEndTicks > after && q.PlannedEndTicks <= now ? 1 : 0;
        }

        foreach (var r in state.Requests)
        {
            var due = DueBy(r, rules);
            steps += r.IsOpen && due > after && due <= now ? 1 : 0;
            // A delivery stamped ahead of the site's clock (within the ingest tolerance) counts once its time comes.
            steps += Counts(r) && r.ClosedAtTicks > after && r.ClosedAtTicks <= now ? 1 : 0;
        }

        return (int)Math.Min(steps, int.MaxValue);
    }

    /// <summary>The next instant after <paramref name="now"/> at which time alone changes the care figures; null with no care.</summary>
    public static long? NextChange(CareState state, CareRules rules, long now)
    {
        if (state.IsEmpty)
        {
            return null;
        }

        var next = rules.NextMidnight(now);
        void Consider(long at)
        {
            if (at > now && at < next)
            {
                next = at;
            }
        }

        if (state.Quarantines.Count > 0)
        {
            Consider(rules.NextGraceEnd(now));
        }

        foreach (var q in state.Quarantines)
        {
            Consider(q.IsOpen ? q.PlannedEndTicks : FrozenAt(q, rules));
            Consider(q.LastCheckTicks);
        }

        foreach (var r in state.Requests)
        {
            Consider(r.IsOpen ? DueBy(r, rules) : FrozenAt(r, rules));
            if (Counts(r))
            {
                Consider(r.ClosedAtTicks);
            }
        }

        return next;
    }

    private static bool Counts(CareEntry r) => r.State == CareRequestState.Delivered;

    public static Quarantine ToRecord(string siteId, QuarantineEntry q, CareRules rules, long now)
    {
        var today = rules.DayStart(now);
        var slots = Slots(q, rules, now);
        return new Quarantine
        {
            Id = CareIds.Format(siteId, q.Id),
            QuarantineId = q.Id,
            SiteId = siteId,
            Household = q.Household,
            Kind = q.Kind,
            Start = rules.Local(q.StartTicks),
            PlannedEnd = rules.Local(q.PlannedEndTicks),
            Residents = q.Residents,
            EndedAt = q.IsOpen ? null : rules.Local(q.EndedAtTicks),
            EndsToday = q.IsOpen && q.PlannedEndTicks >= today && q.PlannedEndTicks < today + TimeSpan.TicksPerDay,
            Overdue = q.IsOpen && q.PlannedEndTicks <= now,
            NextCheckDueAt = q.IsOpen && slots.NextDue is { } due ? rules.Local(due) : null,
            LastCheckAt = q.LastCheckTicks == 0 ? null : rules.Local(q.LastCheckTicks),
            CheckMissed = q.IsOpen && slots.FirstMissed is not null,
            ChecksDoneToday = slots.DoneToday,
            ChecksDueToday = slots.DueToday,
        };
    }

    public static CareRequest ToRecord(string siteId, CareEntry r, CareRules rules, long now) => new()
    {
        Id = CareIds.Format(siteId, r.Id),
        CareId = r.Id,
        SiteId = siteId,
        Household = r.Household,
        Category = r.Category,
        Note = r.Note,
        State = r.State,
        RequestedAt = rules.Local(r.RequestedAtTicks),
        DueBy = rules.Local(DueBy(r, rules)),
        Overdue = r.IsOpen && DueBy(r, rules) <= now,
        History = r.History.Select(h => new CareHistoryEntry(h.Step, rules.Local(h.AtTicks), h.Subject, h.Reason)).ToArray(),
    };

    /// <summary>A quarantine's slots as of <paramref name="now"/>: today's due, done and missed, the first missed since its newest check, and the next one not met.</summary>
    private static SlotFigures Slots(QuarantineEntry q, CareRules rules, long now)
    {
        var met = new HashSet<long>(q.Checks.Count + 1);
        foreach (var c in q.Checks)
        {
            met.Add(rules.SlotOf(c.AtTicks));
        }

        if (q.LastCheckTicks != 0)
        {
            met.Add(rules.SlotOf(q.LastCheckTicks));
        }

        var figures = new SlotFigures();
        var end = q.IsOpen ? long.MaxValue : q.EndedAtTicks;
        var today = rules.DayStart(now);
        foreach (var slot in rules.Slots(Math.Max(today, q.StartTicks), Math.Min(today + TimeSpan.TicksPerDay, end)))
        {
            figures.DueToday++;
            if (met.Contains(slot))
            {
                figures.DoneToday++;
            }
            else if (slot + rules.Grace <= now)
            {
                figures.MissedToday++;
            }
        }

        // Any check after a slot clears its alert, so only the slots after the newest check can be missed now.
        var from = Math.Max(q.StartTicks, q.LastCheckTicks == 0 ? q.StartTicks : q.LastCheckTicks + 1);
        foreach (var slot in rules.Slots(from, end))
        {
            if (met.Contains(slot))
            {
                continue;
            }

            figures.NextDue ??= slot;
            if (slot + rules.Grace <= now)
            {
                figures.FirstMissed ??= slot;
            }

            break;
        }

        return figures;
    }

    private struct SlotFigures
    {
        public int DueToday;
        public int DoneToday;
        public int MissedToday;
        public long? FirstMissed;
        public long? NextDue;
    }
}

/// <summary>A site's care figures at an instant, as its summary carries them.</summary>
internal struct CareFigures
{
    public long HomeQuarantine;
    public long KeyAreaObservation;
    public int EndingToday;
    public int QuarantinesOverdue;
    public int DueToday;
    public int Done;
    public int Missed;
    public int Open;
    public int CareOverdue;
    public int DeliveredToday;
    public int[]? DeliveryTimes;
}
