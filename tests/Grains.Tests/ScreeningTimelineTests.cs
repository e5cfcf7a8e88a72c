using Canvass.Abstractions.Screening;
using Canvass.Grains.Screening;
using Canvass.Storage.History;
using static Canvass.Grains.Tests.ReportFactory;

namespace Canvass.Grains.Tests;

/// <summary>A site's screening figures by screening time: rows per bucket, late reports, snapshots.</summary>
public class ScreeningTimelineTests
{
    private static readonly DateTimeOffset T0 = new(2020, 2, 3, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly HistoryOptions Options = new() { Interval = TimeSpan.FromMinutes(1), LateWindow = TimeSpan.FromDays(1) };

    [Fact]
    public void A_rescreening_takes_the_old_result_away_at_its_own_bucket_and_adds_the_new_one()
    {
        var state = new SiteState(10, Options);
        state.Apply(HouseholdReported.From(Screened("a", 3, T0.AddSeconds(10), ResidentStatus.Normal, ResidentStatus.Fever)), T0.AddMinutes(5).UtcTicks);
        state.Apply(HouseholdReported.From(Screened("b", 3, T0.AddHours(1).AddSeconds(10), ResidentStatus.Normal)), T0.AddHours(3).UtcTicks);

        var rows = state.Timeline.TakeChanged().OrderBy(r => r.Bucket).ToList();

        Assert.Equal([T0.AddMinutes(1).UtcTicks, T0.AddHours(1).AddMinutes(1).UtcTicks], rows.Select(r => r.Bucket));
        Assert.Equal((1L, 1L, 1L), (rows[0].Values[ScreeningValues.Screened], rows[0].Values[ScreeningValues.Residents], rows[0].Values[ScreeningValues.Residents + 1]));
        // One screened household still, one resident fewer with a fever.
        Assert.Equal((0L, 0L, -1L), (rows[1].Values[ScreeningValues.Screened], rows[1].Values[ScreeningValues.Residents], rows[1].Values[ScreeningValues.Residents + 1]));
        Assert.Equal(T0.AddHours(1).AddSeconds(10).UtcTicks, rows[1].Values[ScreeningValues.LastAt]);
        Assert.Empty(state.Timeline.TakeChanged());
    }

    [Fact]
    public void A_report_screened_before_the_late_window_counts_from_the_oldest_provisional_bucket_at_its_arrival()
    {
        var state = new SiteState(10, Options);
        var arrived = T0.AddDays(2).AddSeconds(30);

        state.Apply(HouseholdReported.From(Screened("late", 1, T0, ResidentStatus.Normal)), arrived.UtcTicks);

        var row = Assert.Single(state.Timeline.TakeChanged());
        Assert.Equal(arrived.AddDays(-1).AddSeconds(30).UtcTicks, row.Bucket);
        Assert.True(row.Bucket > arrived.AddDays(-1).UtcTicks);
        Assert.Equal(T0.UtcTicks, row.Values[ScreeningValues.LastAt]);
    }

    [Fact]
    public void Final_rows_handed_over_are_dropped_and_every_row_is_handed_over_again_after_a_restore()
    {
        var state = new SiteState(10, Options);
        state.Apply(HouseholdReported.From(Screened("a", 1, T0, ResidentStatus.Normal)), T0.UtcTicks);
        state.Apply(HouseholdReported.From(Screened("b", 2, T0.AddHours(20), ResidentStatus.Normal)), T0.AddHours(20).UtcTicks);
        state.Timeline.TakeChanged();
        state.Timeline.Prune(T0.AddHours(25).UtcTicks);
        Assert.Equal(1, state.Timeline.Count);

        var restored = SiteState.FromSnapshot(state.ToSnapshot(), 10, T0.AddHours(25).UtcTicks, Options);
        restored.Timeline.MarkAllChanged();

        var row = Assert.Single(restored.Timeline.TakeChanged());
        Assert.Equal(T0.AddHours(20).UtcTicks, row.Bucket);
        Assert.Equal(1, row.Values[ScreeningValues.Screened]);
    }

    [Fact]
    public void A_format_5_snapshot_reads_with_its_held_results_each_at_its_own_bucket()
    {
        var state = new SiteState(10, Options);
        state.Apply(HouseholdReported.From(Screened("a", 1, T0.AddSeconds(5), ResidentStatus.Normal)), T0.UtcTicks);
        state.Apply(HouseholdReported.From(Screened("b", 2, T0.AddMinutes(30), ResidentStatus.Fever)), T0.UtcTicks);
        var current = state.ToSnapshot();
        var format5 = SnapshotFormats.Older(state, 5);

        var restored = SiteState.FromSnapshot(format5, 10, T0.AddHours(1).UtcTicks, Options);
        restored.Timeline.MarkAllChanged();

        var rows = restored.Timeline.TakeChanged().OrderBy(r => r.Bucket).ToList();
        Assert.Equal([T0.AddMinutes(1).UtcTicks, T0.AddMinutes(30).UtcTicks], rows.Select(r => r.Bucket));
        Assert.Equal(current, restored.ToSnapshot());
    }

    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    public void A_format_6_or_7_snapshot_reads_its_rows_with_no_checkpoint_figures_and_is_written_again_as_it_was(byte format)
    {
        var state = new SiteState(10, Options);
        state.Apply(HouseholdReported.From(Screened("a", 1, T0.AddSeconds(5), ResidentStatus.Normal, ResidentStatus.Fever)), T0.UtcTicks);
        state.Apply(HouseholdReported.From(Screened("b", 1, T0.AddMinutes(30), ResidentStatus.Normal)), T0.AddHours(2).UtcTicks);

        var restored = SiteState.FromSnapshot(SnapshotFormats.Older(state, format), 10, T0.AddHours(3).UtcTicks, Options);

        Assert.Equal(state.ToSnapshot(), restored.ToSnapshot());
    }
}
