using Canvass.Abstractions.Screening;
using Canvass.Grains.Checkpoints;
using Canvass.Grains.Screening;
using Canvass.Storage.History;
using static Canvass.Grains.Tests.ReportFactory;

namespace Canvass.Grains.Tests;

/// <summary>A site's checkpoint figures by checkpoint time: steps of closed and unstaffed, checks over their hour, late reports, snapshots.</summary>
public class CheckpointTimelineTests
{
    private static readonly DateTimeOffset T0 = new(2020, 2, 3, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly HistoryOptions Options = new() { Interval = TimeSpan.FromMinutes(1), LateWindow = TimeSpan.FromDays(1) };

    [Fact]
    public void A_late_report_between_two_others_is_the_step_between_them_and_its_checks_count_for_the_hour_after_its_time()
    {
        var state = new SiteState(10, Options);
        var rows = new Rows();
        Apply(state, "c-9", T0, closed: true, staffed: true, checks: 10, arrived: T0);
        Apply(state, "c-11", T0.AddHours(2), closed: true, staffed: true, checks: 20, arrived: T0.AddHours(2));
        rows.Take(state);

        // 17:00: the 10:00 report comes, the entrance open and unstaffed then.
        Apply(state, "c-10", T0.AddHours(1), closed: false, staffed: false, checks: 300, arrived: T0.AddHours(8));
        rows.Take(state);

        Assert.Equal((1L, 0L, 10L), rows.At(T0.AddMinutes(30)));
        Assert.Equal((0L, 1L, 300L), rows.At(T0.AddHours(1)));
        Assert.Equal((0L, 1L, 300L), rows.At(T0.AddHours(1).AddMinutes(59)));
        Assert.Equal((1L, 0L, 20L), rows.At(T0.AddHours(2)));
        Assert.Equal((1L, 0L, 0L), rows.At(T0.AddHours(3)));
        // As received the site says what its newest report says, and no check of the last hour at 17:00.
        Assert.Equal((true, true, 0L), (state.Checkpoints.Closed, state.Checkpoints.Staffed, state.Checkpoints.ChecksInLastHour(T0.AddHours(8).UtcTicks)));
    }

    [Fact]
    public void A_report_older_than_the_newest_of_its_bucket_or_before_it_changes_no_step()
    {
        var state = new SiteState(10, Options);
        var rows = new Rows();
        Apply(state, "c-new", T0.AddSeconds(50), closed: true, staffed: true, checks: 0, arrived: T0.AddMinutes(1));
        Apply(state, "c-same-bucket", T0.AddSeconds(20), closed: false, staffed: false, checks: 0, arrived: T0.AddMinutes(2));
        rows.Take(state);

        Assert.Equal((1L, 0L, 0L), rows.At(T0.AddMinutes(1)));
        Assert.Equal(1, state.CheckpointTimeline.Count);
    }

    [Fact]
    public void A_report_timed_before_the_late_window_counts_from_the_oldest_provisional_bucket_and_final_points_stay()
    {
        var state = new SiteState(10, Options);
        var rows = new Rows();
        Apply(state, "c-1", T0, closed: true, staffed: true, checks: 5, arrived: T0);
        rows.Take(state);
        state.PruneTimeline(T0.AddDays(2).UtcTicks);
        Assert.Equal((0, 0), (state.Timeline.Count, state.CheckpointTimeline.Count));

        // Two days later: an unstaffed report timed an hour after the first (final), and one older than the first.
        var arrived = T0.AddDays(2).AddSeconds(30);
        Apply(state, "c-late", T0.AddHours(1), closed: true, staffed: false, checks: 7, arrived: arrived);
        Apply(state, "c-older", T0.AddMinutes(-5), closed: false, staffed: true, checks: 9, arrived: arrived);
        rows.Take(state);

        var oldest = arrived.AddDays(-1).AddSeconds(30);
        Assert.Equal((1L, 0L, 0L), rows.At(oldest.AddMinutes(-1)));
        // The late one is the newest report placed there: unstaffed from the oldest provisional point; the checks of
        // both fell in hours that are all final, so they count nowhere.
        Assert.Equal((1L, 1L, 0L), rows.At(oldest));
        Assert.Equal((1L, 1L, 0L), rows.At(arrived));
    }

    [Fact]
    public void A_snapshot_keeps_the_late_windows_reports_so_that_a_late_one_after_a_restore_revises_the_same_rows()
    {
        var state = new SiteState(10, Options);
        Apply(state, "c-9", T0, closed: true, staffed: true, checks: 10, arrived: T0);
        Apply(state, "c-11", T0.AddHours(2), closed: false, staffed: true, checks: 20, arrived: T0.AddHours(2));
        var restored = SiteState.FromSnapshot(state.ToSnapshot(), 10, T0.AddHours(3).UtcTicks, Options);
        var (kept, again) = (new Rows(), new Rows());
        kept.Take(state);
        again.Take(restored, all: true);

        Apply(state, "c-10", T0.AddHours(1), closed: true, staffed: false, checks: 1, arrived: T0.AddHours(8));
        Apply(restored, "c-10", T0.AddHours(1), closed: true, staffed: false, checks: 1, arrived: T0.AddHours(8));
        kept.Take(state);
        again.Take(restored);

        Assert.Equal(kept.Lines, again.Lines);
        Assert.Equal(state.ToSnapshot(), restored.ToSnapshot());
        Assert.Equal((1L, 1L, 1L), again.At(T0.AddHours(1).AddMinutes(30)));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    public void A_format_6_or_7_snapshot_reads_with_its_newest_checkpoint_report_at_its_bucket_but_not_before_its_oldest_row(byte format)
    {
        var state = new SiteState(10, Options);
        state.Apply(HouseholdReported.From(Screened("a", 1, T0.AddHours(3).AddSeconds(5), ResidentStatus.Normal)), T0.AddHours(3).UtcTicks);
        // The checkpoints as the previous version kept them: no timeline, the newest report and the recent checks.
        state.Checkpoints.Apply(new CheckpointReported("c-1", T0.AddHours(2).AddMinutes(30).UtcTicks, Closed: true, Staffed: false, TemperatureChecks: 40));
        state.Checkpoints.Apply(new CheckpointReported("c-2", T0.AddHours(3).AddMinutes(30).UtcTicks, Closed: true, Staffed: false, TemperatureChecks: 60));

        var restored = SiteState.FromSnapshot(SnapshotFormats.Older(state, format), 10, T0.AddDays(3).UtcTicks, Options);
        var rows = new Rows();
        rows.Take(restored, all: true);

        // The household row (03:01) is the oldest the site holds: the 02:30 report's checks count from there.
        Assert.Equal((0L, 0L, 0L), rows.At(T0.AddHours(3)));
        Assert.Equal((0L, 0L, 40L), rows.At(T0.AddHours(3).AddMinutes(1)));
        Assert.Equal((0L, 0L, 40L), rows.At(T0.AddHours(3).AddMinutes(29)));
        // The newest report at its own bucket; the 02:30 checks leave the last hour there, the 03:30 ones come in.
        Assert.Equal((1L, 1L, 60L), rows.At(T0.AddHours(3).AddMinutes(30)));
        Assert.Equal((1L, 1L, 0L), rows.At(T0.AddHours(4).AddMinutes(30)));
        Assert.Equal(1, rows.Values[T0.AddHours(3).AddMinutes(1).UtcTicks][ScreeningValues.Screened]);
        Assert.Equal(8, restored.ToSnapshot()[0]);
    }

    [Fact]
    public void A_format_7_snapshot_without_rows_seeds_no_checkpoint_figures()
    {
        var state = new SiteState(10, Options);
        state.Checkpoints.Apply(new CheckpointReported("c-1", T0.UtcTicks, Closed: true, Staffed: true, TemperatureChecks: 40));

        var restored = SiteState.FromSnapshot(SnapshotFormats.Older(state, 7), 10, T0.AddDays(3).UtcTicks, Options);

        Assert.Equal((0, 0), (restored.Timeline.Count, restored.CheckpointTimeline.Count));
        Assert.True(restored.Checkpoints.Closed);
    }

    [Fact]
    public void A_format_5_snapshot_reads_with_its_newest_checkpoint_report_at_its_own_bucket()
    {
        var state = new SiteState(10, Options);
        state.Checkpoints.Apply(new CheckpointReported("c-1", T0.UtcTicks, Closed: true, Staffed: false, TemperatureChecks: 40));

        var restored = SiteState.FromSnapshot(SnapshotFormats.Older(state, 5), 10, T0.AddDays(3).UtcTicks, Options);
        var rows = new Rows();
        rows.Take(restored, all: true);

        Assert.Equal((0L, 0L, 0L), rows.At(T0.AddMinutes(-1)));
        Assert.Equal((1L, 1L, 40L), rows.At(T0));
        Assert.Equal((1L, 1L, 0L), rows.At(T0.AddHours(1)));
    }

    private static void Apply(SiteState state, string id, DateTimeOffset at, bool closed, bool staffed, int checks, DateTimeOffset arrived) =>
        state.Apply(CheckpointReported.From(new CheckpointReport(id, at, closed, staffed, checks)), arrived.UtcTicks);

    /// <summary>A site's rows as a store holds them: each written as given, read as the sum up to an instant.</summary>
    private sealed class Rows
    {
        public SortedDictionary<long, long[]> Values { get; } = [];

        public IEnumerable<string> Lines => Values.Select(r => $"{r.Key}: {string.Join(",", r.Value)}");

        public void Take(SiteState state, bool all = false)
        {
            if (all)
            {
                state.Timeline.MarkAllChanged();
            }

            foreach (var (bucket, values) in state.Timeline.TakeChanged())
            {
                Values[bucket] = values;
            }
        }

        /// <summary>Closed, unstaffed and the last hour's checks as of <paramref name="at"/>.</summary>
        public (long Closed, long Unstaffed, long Checks) At(DateTimeOffset at)
        {
            var sum = new long[ScreeningValues.Count];
            foreach (var (bucket, values) in Values.Where(r => r.Key <= at.UtcTicks))
            {
                ScreeningValues.Add(sum, values);
            }

            return (sum[ScreeningValues.Closed], sum[ScreeningValues.Unstaffed], sum[ScreeningValues.TemperatureChecks]);
        }
    }
}
