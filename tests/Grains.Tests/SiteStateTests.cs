using Canvass.Abstractions.Gaps;
using Canvass.Abstractions.Screening;
using Canvass.Grains.Checkpoints;
using Canvass.Grains.Gaps;
using Canvass.Grains.Screening;
using Canvass.Grains.Uploads;
using static Canvass.Grains.Tests.ReportFactory;

namespace Canvass.Grains.Tests;

public class SiteStateTests
{
    private static readonly DateTimeOffset T0 = new(2020, 2, 3, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void Rescreening_a_household_replaces_its_result_instead_of_adding_to_it()
    {
        var state = new SiteState(10);
        state.Apply(HouseholdReported.From(Screened("a", 3, T0, ResidentStatus.Normal, ResidentStatus.Fever)));
        state.Apply(HouseholdReported.From(Screened("b", 3, T0.AddHours(1), ResidentStatus.Normal, ResidentStatus.Normal, ResidentStatus.Normal)));

        Assert.Equal(1, state.Screened);
        Assert.Equal(new ResidentCounts(3, 0, 0, 0, 0, 0, 0), state.Residents);
        Assert.Equal(T0.AddHours(1).UtcTicks, state.LastReportUtcTicks);
    }

    [Fact]
    public void A_report_older_than_the_one_held_changes_nothing()
    {
        var state = new SiteState(10);
        state.Apply(HouseholdReported.From(Screened("new", 5, T0.AddHours(2), ResidentStatus.Suspected)));

        var changed = state.Apply(HouseholdReported.From(Screened("old", 5, T0, ResidentStatus.Normal)));

        Assert.False(changed);
        Assert.Equal(new ResidentCounts(0, 0, 0, 0, 0, 1, 0), state.Residents);
        Assert.Equal(1, state.EffectiveEvents);
        // The one behind the result is known from memory; an older one only the journal can place.
        Assert.Equal(DuplicateCheck.Duplicate, state.Check(5, T0.AddHours(2).UtcTicks, ReportIdHash.Of("new")));
        Assert.Equal(DuplicateCheck.AskJournal, state.Check(5, T0.UtcTicks, ReportIdHash.Of("old")));
        Assert.Equal(DuplicateCheck.New, state.Check(5, T0.AddHours(3).UtcTicks, ReportIdHash.Of("newer")));
    }

    [Fact]
    public void Only_screened_households_count_and_a_later_absence_replaces_a_screening()
    {
        var state = new SiteState(10);
        state.Apply(HouseholdReported.From(Screened("a", 1, T0, ResidentStatus.Normal)));
        state.Apply(HouseholdReported.From(Visited("b", 2, T0, ScreeningOutcome.Refused)));
        state.Apply(HouseholdReported.From(Visited("c", 1, T0.AddDays(1), ScreeningOutcome.Absent)));

        Assert.Equal(0, state.Screened);
        Assert.Equal(1, state.Absent);
        Assert.Equal(1, state.Refused);
        Assert.Equal(ResidentCounts.Zero, state.Residents);
    }

    [Fact]
    public void A_site_holds_no_household_storage_until_a_household_is_reported_and_then_only_that_households_page()
    {
        var state = new SiteState(5000);
        Assert.Equal(0, state.AllocatedPages);

        state.Apply(HouseholdReported.From(Screened("a", 4321, T0, ResidentStatus.Normal)));

        Assert.Equal(1, state.AllocatedPages);
        Assert.True(state.IsReported(4321));
        Assert.False(state.IsReported(4320 - SiteState.PageSize));
        Assert.Null(state.OutcomeOf(1));
        Assert.Equal(1, state.Screened);
    }

    [Fact]
    public void A_snapshot_restores_every_household_and_the_reports_behind_them_and_allocates_only_the_pages_in_use()
    {
        var state = new SiteState(130);
        state.Apply(HouseholdReported.From(Screened("a", 1, T0, ResidentStatus.Fever, ResidentStatus.Normal)));
        state.Apply(HouseholdReported.From(Visited("b", 130, T0.AddMinutes(1), ScreeningOutcome.Absent)));
        state.Apply(HouseholdReported.From(Screened("c", 1, T0.AddMinutes(2), ResidentStatus.Normal)));
        state.Apply(HouseholdReported.From(Screened("old", 1, T0, ResidentStatus.Confirmed)));
        state.Apply(HouseholdReported.From(Screened("f", 7, T0.AddMinutes(3), ResidentStatus.Suspected)));
        state.Apply(new CheckpointReported("cp-1", T0.UtcTicks, Closed: false, Staffed: true, TemperatureChecks: 40));
        var open = AlertKey.For(GapKind.CheckpointOpen, 0, T0.UtcTicks);
        state.Apply(new AlertAcknowledged(open, "Li Wei", "已派队伍", T0.AddMinutes(5).UtcTicks, Subject: "sup-li-wei"));
        var stale = AlertKey.For(GapKind.Stale, 0, T0.UtcTicks);
        state.Apply(new AlertAcknowledged(stale, "Wang Fang", "before subjects were kept", T0.AddMinutes(6).UtcTicks));
        // Two teams silent here since the same upload instant (two alerts of their own), and one heard from since.
        state.Silences.Apply(new TeamWentSilent("w-7", T0.UtcTicks, state.Silences.FreeFact("w-7", T0.UtcTicks)));
        state.Silences.Apply(new TeamWentSilent("w-8", T0.UtcTicks, state.Silences.FreeFact("w-8", T0.UtcTicks)));
        state.Silences.Apply(new TeamWentSilent("w-9", T0.AddMinutes(1).UtcTicks, state.Silences.FreeFact("w-9", T0.AddMinutes(1).UtcTicks)));
        Assert.True(state.Silences.HeardFrom("w-9"));

        state.Marks.Acknowledged(1, T0.UtcTicks);
        state.Marks.Acknowledged(7, T0.AddDays(1).UtcTicks);
        var restored = SiteState.FromSnapshot(state.ToSnapshot(), 130, T0.AddDays(2).UtcTicks)!;

        Assert.Equal(2, restored.AllocatedPages);
        Assert.Equal(state.Screened, restored.Screened);
        Assert.Equal(state.Absent, restored.Absent);
        Assert.Equal(state.Residents, restored.Residents);
        Assert.Equal(state.EffectiveEvents, restored.EffectiveEvents);
        Assert.Equal(state.LastReportUtcTicks, restored.LastReportUtcTicks);
        Assert.Equal(ScreeningOutcome.Absent, restored.OutcomeOf(130));
        Assert.Equal(DuplicateCheck.Duplicate, restored.Check(1, T0.AddMinutes(2).UtcTicks, ReportIdHash.Of("c")));
        Assert.Equal(DuplicateCheck.AskJournal, restored.Check(1, T0.UtcTicks, ReportIdHash.Of("old")));
        Assert.Equal(DuplicateCheck.Duplicate, restored.Checkpoints.Check(T0.UtcTicks, ReportIdHash.Of("cp-1")));
        Assert.Equal(DuplicateCheck.New, restored.Checkpoints.Check(T0.UtcTicks, ReportIdHash.Of("cp-2")));
        Assert.Equal(state.Marks.Entries, restored.Marks.Entries);
        Assert.Equal(T0.UtcTicks, restored.FirstReportUtcTicks);
        Assert.Equal([7], restored.Findings);
        Assert.Equal(T0.UtcTicks, restored.Checkpoints.OpenSinceTicks);
        Assert.Equal(40, restored.Checkpoints.ChecksInLastHour(T0.AddMinutes(30).UtcTicks));
        Assert.True(restored.TryGetAcknowledgement(open, out var ack));
        Assert.Equal(("Li Wei", "已派队伍", "sup-li-wei"), (ack.By, ack.Note, ack.Subject));
        Assert.True(restored.TryGetAcknowledgement(stale, out var old));
        Assert.Equal(("Wang Fang", (string?)null), (old.By, old.Subject));
        Assert.Equal([("w-7", T0.ToUnixTimeMilliseconds()), ("w-8", T0.ToUnixTimeMilliseconds() + 1)],
            restored.Silences.All.OrderBy(t => t.Subject).Select(t => (t.Subject, t.FactUnixMs)));
        Assert.Equal((2, 4L), (restored.Silences.Count, restored.Silences.Events));
        Assert.Equal(state.Changes, restored.Changes);
        Assert.Equal(state.ToSnapshot(), restored.ToSnapshot());
    }

    [Fact]
    public void A_format_1_snapshot_written_as_flat_arrays_reads_back_and_is_written_again_with_the_same_arrays()
    {
        // Format 1 as the first version wrote it: households' times, outcomes and resident counts as whole arrays.
        const int households = 70;
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write((byte)1);
            writer.Write(households);
            writer.Write(1L);
            for (var i = 0; i < households; i++)
            {
                writer.Write(i == 68 ? T0.UtcTicks : 0L);
            }

            for (var i = 0; i < households; i++)
            {
                writer.Write((byte)(i == 68 ? ScreeningOutcome.Screened : 0));
            }

            for (var i = 0; i < households * ResidentCounts.StatusCount; i++)
            {
                writer.Write((byte)(i == 68 * ResidentCounts.StatusCount + 3 ? 2 : 0));
            }

            writer.Write(1);
            writer.Write("r-69");
        }

        var snapshot = buffer.ToArray();
        var restoredAt = T0.AddDays(3).UtcTicks;
        var state = SiteState.FromSnapshot(snapshot, households, restoredAt)!;

        Assert.Equal(1, state.AllocatedPages);
        Assert.Equal(1, state.Screened);
        Assert.Equal(new ResidentCounts(0, 0, 0, 2, 0, 0, 0), state.Residents);
        Assert.Equal(ScreeningOutcome.Screened, state.OutcomeOf(69));
        // Its ids are not kept: the report behind the result is not known, so a resend of it is asked of the journal,
        // from the first record on, for a whole duplicate window after the restore.
        Assert.Equal(DuplicateCheck.AskJournal, state.Check(69, T0.UtcTicks, ReportIdHash.Of("r-69")));
        Assert.Equal(1, state.Marks.FirstSequenceSince(restoredAt - TimeSpan.FromDays(14).Ticks));
        // Written again in the current format (8): the same arrays after the format byte, then what formats 3 to 8 add.
        var again = state.ToSnapshot();
        Assert.Equal(8, again[0]);
        var arrays = 4 + 8 + households * (8 + 1 + ResidentCounts.StatusCount);
        Assert.Equal(snapshot[1..(1 + arrays)], again[1..(1 + arrays)]);
        Assert.Equal(T0.UtcTicks, state.FirstReportUtcTicks);
        // The registry changed the site: the households both sizes have keep their results.
        var grown = SiteState.FromSnapshot(snapshot, households + 1, restoredAt);
        var shrunk = SiteState.FromSnapshot(snapshot, 68, restoredAt);
        Assert.Equal((households + 1, 1L), (grown.Households, grown.Screened));
        Assert.Equal(ScreeningOutcome.Screened, grown.OutcomeOf(69));
        Assert.Equal((68, 0L, ResidentCounts.Zero), (shrunk.Households, shrunk.Screened, shrunk.Residents));
        Assert.Throws<EndOfStreamException>(() => SiteState.FromSnapshot(snapshot[..100], households, restoredAt));
    }

    [Fact]
    public void A_snapshot_is_as_large_after_twenty_rounds_of_rescreening_as_after_the_first()
    {
        const int households = 614;
        var state = new SiteState(households);
        var sizes = new List<int>();
        for (var round = 0; round < 20; round++)
        {
            for (var h = 1; h <= households; h++)
            {
                state.Apply(HouseholdReported.From(Screened($"round-{round}-household-{h}", h, T0.AddDays(round), ResidentStatus.Normal)));
            }

            state.Marks.Acknowledged(1 + round * households, T0.AddDays(round).UtcTicks);
            state.Marks.FirstSequenceSince(T0.AddDays(round - 14).UtcTicks);
            // As the site grain does at each flush: the rows go to the recorder, and the final ones are dropped.
            state.Timeline.TakeChanged();
            state.PruneTimeline(T0.AddDays(round).UtcTicks);
            sizes.Add(state.ToSnapshot().Length);
        }

        // Only the duplicate window's day marks may differ (12 bytes a day, for at most 15 days), and the screening
        // timeline holds yesterday's row beside today's (120 bytes) once the first day has passed.
        Assert.InRange(sizes[^1] - sizes[0], 0, 15 * 12 + 120);
        Assert.Equal(sizes[14], sizes[^1]);
        Assert.Equal(households * 20, state.EffectiveEvents);
        Assert.Equal(DuplicateCheck.Duplicate, state.Check(9, T0.AddDays(19).UtcTicks, ReportIdHash.Of("round-19-household-9")));
        Assert.Equal(DuplicateCheck.AskJournal, state.Check(9, T0.AddDays(3).UtcTicks, ReportIdHash.Of("round-3-household-9")));
    }

    [Fact]
    public void A_format_2_snapshot_written_by_the_previous_version_restores_the_figures_it_served()
    {
        // See Fixtures/README.md: site 440303004033-002 (462 households) as commit 42076ef snapshotted it.
        var snapshot = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "440303004033-002.format2.snapshot"));

        var state = SiteState.FromSnapshot(snapshot, 462, T0.UtcTicks)!;

        Assert.Equal(2, snapshot[0]);
        Assert.Equal((4L, 1L, 0L), (state.Screened, state.Absent, state.Refused));
        Assert.Equal(new ResidentCounts(6, 1, 0, 0, 0, 1, 0), state.Residents);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 5, 0, 0, TimeSpan.FromHours(8)).UtcTicks, state.LastReportUtcTicks);
        Assert.Equal(8, state.ToSnapshot()[0]);
        Assert.Equal(0, state.Silences.Count);
    }
}
