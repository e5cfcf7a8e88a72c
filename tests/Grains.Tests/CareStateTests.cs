using Canvass.Abstractions.Gaps;
using Canvass.Grains.Care;
using Canvass.Grains.Gaps;
using Canvass.Grains.Screening;
using Canvass.Registry;
using Microsoft.Extensions.Options;
using static Canvass.Grains.Tests.ReportFactory;

namespace Canvass.Grains.Tests;

/// <summary>A site's care state on its own: slots and their windows, compaction, snapshots old and new.</summary>
public class CareStateTests
{
    private static readonly DateTimeOffset Day = new(2020, 2, 3, 0, 0, 0, TimeSpan.FromHours(8));
    private static readonly UnitRegistry Registry = RegistryLoader.Load(new RegistryOptions().Path);
    private static readonly CareRules Rules = new(Options.Create(new CareOptions()), Registry);

    [Theory]
    [InlineData("05:59", "-08:00")]
    [InlineData("06:00", "08:00")]
    [InlineData("13:59", "08:00")]
    [InlineData("14:00", "16:00")]
    [InlineData("23:00", "16:00")]
    public void A_check_meets_the_slot_whose_window_holds_it_up_to_the_grace_early(string at, string slot)
    {
        var checkedAt = Day + TimeSpan.Parse(at, System.Globalization.CultureInfo.InvariantCulture);

        var met = Rules.SlotOf(checkedAt.UtcTicks);

        Assert.Equal((Day + TimeSpan.Parse(slot, System.Globalization.CultureInfo.InvariantCulture)).UtcTicks, met);
    }

    [Fact]
    public void Days_are_the_registrys_local_days_and_grace_ends_are_counted_between_two_instants()
    {
        var noon = Day.AddHours(12).UtcTicks;

        Assert.Equal(Day.UtcTicks, Rules.DayStart(noon));
        Assert.Equal(Day.AddDays(1).UtcTicks, Rules.NextMidnight(noon));
        Assert.Equal(2, Rules.MidnightsBetween(noon, Day.AddDays(2).UtcTicks));
        // 10:00 and 18:00 each day: from 09:00 to 18:00 the next day are 10:00, 18:00, 10:00, 18:00.
        Assert.Equal(4, Rules.GraceEndsBetween(Day.AddHours(9).UtcTicks, Day.AddDays(1).AddHours(18).UtcTicks));
        Assert.Equal(Day.AddHours(10).UtcTicks, Rules.NextGraceEnd(Day.AddHours(9).UtcTicks));
    }

    [Fact]
    public void Compaction_keeps_the_state_and_its_snapshot_bounded_by_the_work_in_progress_and_the_changes_growing()
    {
        var state = new SiteState(40);
        var care = state.Care;
        care.Apply(new QuarantinePlaced("q-long", 1, QuarantineKind.HomeQuarantine, Day.UtcTicks, Day.AddDays(60).UtcTicks, 2), state.Households, Day.UtcTicks);
        var sizes = new List<int>();
        var changes = new List<long>();
        for (var d = 0; d < 30; d++)
        {
            var day = Day.AddDays(d);
            care.Apply(new HealthChecked($"k-{d}-1", 1, day.AddHours(8).UtcTicks, 2, 0, null), day.AddHours(8).UtcTicks);
            care.Apply(new HealthChecked($"k-{d}-2", 1, day.AddHours(16).UtcTicks, 2, 0, null), day.AddHours(16).UtcTicks);
            for (var r = 0; r < 5; r++)
            {
                var at = day.AddHours(9 + r).UtcTicks;
                care.Apply(new CareRequested($"c-{d}-{r}", 2 + r, CareCategory.Water, "6 bottles", at, "svc-1"), state.Households, at);
                care.Apply(new CareStepped($"c-{d}-{r}", 2 + r, CareStep.Deliver, at + TimeSpan.TicksPerHour, null, "svc-2"), at + TimeSpan.TicksPerHour);
            }

            changes.Add(state.Changes);
            care.Compact(day.AddHours(23).UtcTicks, Rules);
            changes.Add(state.Changes);
            sizes.Add(state.ToSnapshot().Length);
        }

        // Today's five deliveries and two days of checks, whatever the day (ids of as many digits): no growth with history.
        Assert.Equal(sizes[10], sizes[^1]);
        Assert.Equal(6, care.Requests.Count + care.Quarantines.Count);
        Assert.Equal(changes.Order(), changes);
        Assert.Equal(29 * 5, care.CompactedRequests);
        Assert.Equal(DuplicateCheck.AskJournal, care.CheckRequest("c-0-0"));
        Assert.Equal(DuplicateCheck.Duplicate, care.CheckRequest("c-29-4"));
        var q = care.Quarantine("q-long")!;
        Assert.Equal(DuplicateCheck.AskJournal, care.CheckHealthCheck(q, Day.AddHours(8).UtcTicks, ReportIdHash.Of("k-0-1")));
        Assert.Equal(DuplicateCheck.Duplicate, care.CheckHealthCheck(q, Day.AddDays(29).AddHours(8).UtcTicks, ReportIdHash.Of("k-29-1")));
        Assert.Equal(Day.AddDays(29).AddHours(16).UtcTicks, q.LastCheckTicks);
    }

    [Fact]
    public void A_format_5_snapshot_round_trips_the_care_state_and_its_counters()
    {
        var state = new SiteState(30);
        var care = state.Care;
        care.Apply(new QuarantinePlaced("q-1", 4, QuarantineKind.KeyAreaObservation, Day.UtcTicks, Day.AddDays(14).UtcTicks, 3), state.Households, Day.UtcTicks);
        care.Apply(new HealthChecked("k-1", 4, Day.AddHours(8).UtcTicks, 2, 1, 38.6), Day.AddHours(8).UtcTicks);
        care.Apply(new CareRequested("c-1", 9, CareCategory.Medicine, "insulin", Day.AddHours(9).UtcTicks, "svc-1"), state.Households, Day.AddHours(9).UtcTicks);
        care.Apply(new CareStepped("c-1", 9, CareStep.Cancel, Day.AddHours(10).UtcTicks, "moved to hospital", "sup-1"), Day.AddHours(10).UtcTicks);
        state.Apply(new AlertAcknowledged(AlertKey.For(GapKind.Finding, 4, Day.AddHours(8).UtcTicks), "Li Wei", "doctor sent", Day.AddHours(9).UtcTicks, "sup-1"));

        var restored = SiteState.FromSnapshot(state.ToSnapshot(), 30, Day.AddDays(1).UtcTicks);

        Assert.Equal(state.ToSnapshot(), restored.ToSnapshot());
        Assert.Equal(state.Changes, restored.Changes);
        var q = restored.Care.Quarantine("q-1")!;
        Assert.Equal((4, QuarantineKind.KeyAreaObservation, 3, true), (q.Household, q.Kind, q.Residents, q.LastCheckFever));
        var r = restored.Care.Request("c-1")!;
        Assert.Equal(CareRequestState.Cancelled, r.State);
        Assert.Equal([(CareStep.Request, Day.AddHours(9).UtcTicks, "svc-1", null), (CareStep.Cancel, Day.AddHours(10).UtcTicks, "sup-1", "moved to hospital")], r.History);
        // A registry that shrank the site drops the care of the households it lost.
        var shrunk = SiteState.FromSnapshot(state.ToSnapshot(), 5, Day.AddDays(1).UtcTicks);
        Assert.Equal((1, 0), (shrunk.Care.Quarantines.Count, shrunk.Care.Requests.Count));
    }

    [Fact]
    public void A_format_4_snapshot_of_the_previous_version_reads_with_no_care_and_its_acknowledgements_counted()
    {
        var state = new SiteState(20);
        state.Apply(HouseholdReported.From(Screened("r-1", 3, Day.AddHours(9), ResidentStatus.Fever)));
        state.Apply(new AlertAcknowledged(AlertKey.For(GapKind.Finding, 3, Day.AddHours(9).UtcTicks), "Li Wei", "team sent", Day.AddHours(22).UtcTicks, "sup-1"));
        var current = state.ToSnapshot();
        // Format 6 is format 4 and then the acknowledgement count (8 bytes), the care state (five counters and two
        // empty lists here) and the screening timeline (a count and one row of 12 longs): format 4 is what comes
        // before, with its format byte. It reads with the timeline seeded from the held result: the same row.
        var format4 = current[..^(8 + 5 * 8 + 4 + 4 + 4 + 12 * 8)];
        format4[0] = 4;

        var restored = SiteState.FromSnapshot(format4, 20, Day.AddDays(1).UtcTicks);

        Assert.True(restored.Care.IsEmpty);
        Assert.Equal((1L, new ResidentCounts(0, 1, 0, 0, 0, 0, 0)), (restored.Screened, restored.Residents));
        Assert.True(restored.TryGetAcknowledgement(AlertKey.For(GapKind.Finding, 3, Day.AddHours(9).UtcTicks), out var ack));
        Assert.Equal("sup-1", ack.Subject);
        Assert.Equal(state.Changes, restored.Changes);
        Assert.Equal(current, restored.ToSnapshot());
    }

    [Fact]
    public void Pruning_the_acknowledgement_of_a_cleared_alert_keeps_the_site_s_changes()
    {
        var state = new SiteState(10);
        var cleared = AlertKey.For(GapKind.CheckMissed, 2, Day.AddHours(8).UtcTicks);
        var open = AlertKey.For(GapKind.CareOverdue, 3, Day.AddHours(9).UtcTicks);
        state.Apply(new AlertAcknowledged(cleared, "Li Wei", "called", Day.AddHours(11).UtcTicks));
        state.Apply(new AlertAcknowledged(open, "Li Wei", "on the way", Day.AddHours(12).UtcTicks));
        var changes = state.Changes;

        var pruned = state.PruneAcknowledgements(new HashSet<AlertKey> { open });

        Assert.Equal(1, pruned);
        Assert.False(state.TryGetAcknowledgement(cleared, out _));
        Assert.True(state.TryGetAcknowledgement(open, out _));
        Assert.Equal(changes, state.Changes);
        Assert.Equal(changes, SiteState.FromSnapshot(state.ToSnapshot(), 10, Day.AddDays(1).UtcTicks).Changes);
    }
}
