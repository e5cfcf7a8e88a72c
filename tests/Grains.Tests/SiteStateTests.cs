using Canvass.Abstractions.Gaps;
using Canvass.Abstractions.Screening;
using Canvass.Grains.Checkpoints;
using Canvass.Grains.Gaps;
using Canvass.Grains.Screening;
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
        Assert.True(state.HasSeen("old"));
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
    public void A_snapshot_restores_every_household_and_report_id_and_allocates_only_the_pages_in_use()
    {
        var state = new SiteState(130);
        state.Apply(HouseholdReported.From(Screened("a", 1, T0, ResidentStatus.Fever, ResidentStatus.Normal)));
        state.Apply(HouseholdReported.From(Visited("b", 130, T0.AddMinutes(1), ScreeningOutcome.Absent)));
        state.Apply(HouseholdReported.From(Screened("c", 1, T0.AddMinutes(2), ResidentStatus.Normal)));
        state.Apply(HouseholdReported.From(Screened("old", 1, T0, ResidentStatus.Confirmed)));
        state.Apply(HouseholdReported.From(Screened("f", 7, T0.AddMinutes(3), ResidentStatus.Suspected)));
        state.Apply(new CheckpointReported("cp-1", T0.UtcTicks, Closed: false, Staffed: true, TemperatureChecks: 40));
        var open = AlertKey.For(GapKind.CheckpointOpen, 0, T0.UtcTicks);
        state.Apply(new AlertAcknowledged(open, "Li Wei", "已派队伍", T0.AddMinutes(5).UtcTicks));

        var restored = SiteState.FromSnapshot(state.ToSnapshot(), 130)!;

        Assert.Equal(2, restored.AllocatedPages);
        Assert.Equal(state.Screened, restored.Screened);
        Assert.Equal(state.Absent, restored.Absent);
        Assert.Equal(state.Residents, restored.Residents);
        Assert.Equal(state.EffectiveEvents, restored.EffectiveEvents);
        Assert.Equal(state.LastReportUtcTicks, restored.LastReportUtcTicks);
        Assert.Equal(ScreeningOutcome.Absent, restored.OutcomeOf(130));
        Assert.True(restored.HasSeen("old"));
        Assert.True(restored.HasSeen("cp-1"));
        Assert.Equal(T0.UtcTicks, restored.FirstReportUtcTicks);
        Assert.Equal([7], restored.Findings);
        Assert.Equal(T0.UtcTicks, restored.Checkpoints.OpenSinceTicks);
        Assert.Equal(40, restored.Checkpoints.ChecksInLastHour(T0.AddMinutes(30).UtcTicks));
        Assert.True(restored.TryGetAcknowledgement(open, out var ack));
        Assert.Equal(("Li Wei", "已派队伍"), (ack.By, ack.Note));
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
        var state = SiteState.FromSnapshot(snapshot, households)!;

        Assert.Equal(1, state.AllocatedPages);
        Assert.Equal(1, state.Screened);
        Assert.Equal(new ResidentCounts(0, 0, 0, 2, 0, 0, 0), state.Residents);
        Assert.Equal(ScreeningOutcome.Screened, state.OutcomeOf(69));
        Assert.True(state.HasSeen("r-69"));
        // Written again as format 2: the same bytes after the format byte, then what format 2 adds.
        var again = state.ToSnapshot();
        Assert.Equal(2, again[0]);
        Assert.Equal(snapshot[1..], again[1..snapshot.Length]);
        Assert.Equal(T0.UtcTicks, state.FirstReportUtcTicks);
        Assert.Null(SiteState.FromSnapshot(snapshot, households + 1));
        Assert.Throws<EndOfStreamException>(() => SiteState.FromSnapshot(snapshot[..100], households));
    }
}
