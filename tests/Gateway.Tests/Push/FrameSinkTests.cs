using Canvass.Abstractions.Screening;
using Canvass.Abstractions.Units;
using Canvass.Gateway.Push;
using Microsoft.Extensions.Time.Testing;

namespace Canvass.Gateway.Tests.Push;

/// <summary>The one delivery rule on a fake clock: frames at the pace, newest per unit, no queue behind a slow reader.</summary>
public class FrameSinkTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<(UnitsFrame Frame, TaskCompletionSource Written)> _frames = [];
    private readonly SemaphoreSlim _arrived = new(0);

    [Fact]
    public async Task A_slow_reader_gets_one_fuller_frame_with_the_newest_versions_instead_of_a_queue()
    {
        var sink = Sink(Pace.TryParse(4, Pace.EveryChange, out _)!.Value);
        sink.Release();
        sink.Offer(Summary("a", 1), null);
        var first = await NextFrameAsync();
        Assert.Equal(["a@1"], Units(first.Frame));

        // The reader is slow: the first frame is still being written while everything below arrives.
        sink.Offer(Summary("a", 2), null);
        sink.Offer(Summary("b", 1), null);
        sink.Offer(Summary("a", 3), null);
        sink.Offer(Summary("a", 2), null);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Single(Frames());

        first.Written.SetResult();
        var second = await NextFrameAsync();
        Assert.Equal(["a@3", "b@1"], Units(second.Frame).Order());
        second.Written.SetResult();
        Assert.Equal(2, Frames().Count);
    }

    [Fact]
    public async Task Frames_keep_the_pace_and_carry_every_unit_changed_meanwhile()
    {
        var sink = Sink(Pace.TryParse(2, Pace.EveryChange, out _)!.Value);
        sink.Release();
        sink.Offer(Summary("a", 1), null);
        (await NextFrameAsync()).Written.SetResult();

        sink.Offer(Summary("a", 2), null);
        sink.Offer(Summary("b", 5), null);
        _time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Single(Frames());

        _time.Advance(TimeSpan.FromMilliseconds(1));
        var second = await NextFrameNudgingAsync();
        Assert.Equal(["a@2", "b@5"], Units(second.Frame).Order());
    }

    [Fact]
    public async Task Every_change_sends_as_soon_as_the_previous_frame_is_written_and_never_an_older_version()
    {
        var sink = Sink(Pace.EveryChange);
        sink.Prime(Summary("a", 3));
        sink.Release();
        sink.Offer(Summary("a", 2), null);
        sink.Offer(Summary("a", 3), null);
        sink.Offer(Summary("a", 4), null);
        var frame = await NextFrameAsync();
        Assert.Equal(["a@4"], Units(frame.Frame));
        frame.Written.SetResult();
        sink.Offer(Summary("a", 5), null);
        Assert.Equal(["a@5"], Units((await NextFrameAsync()).Frame));
    }

    [Fact]
    public async Task A_held_sink_sends_nothing_until_released_then_one_frame()
    {
        var sink = Sink(Pace.EveryChange);
        sink.Offer(Summary("a", 1), null);
        sink.Offer(Summary("b", 1), null);
        Assert.Empty(Frames());
        sink.Release();
        Assert.Equal(["a@1", "b@1"], Units((await NextFrameAsync()).Frame).Order());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    [InlineData(double.NaN)]
    public void A_pace_out_of_range_is_refused_with_why(double maxRate)
    {
        Assert.Null(Pace.TryParse(maxRate, Pace.EveryChange, out var error));
        Assert.Contains("maxRate", error);
    }

    private FrameSink Sink(Pace pace) => new(UnitFilter.All, pace, frame =>
    {
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_frames)
        {
            _frames.Add((frame, written));
        }

        _arrived.Release();
        return written.Task;
    }, e => throw e, _time, held: true);

    private async Task<(UnitsFrame Frame, TaskCompletionSource Written)> NextFrameAsync()
    {
        // Frames are written off the caller's thread: wait for the next one to be handed over.
        Assert.True(await _arrived.WaitAsync(TimeSpan.FromSeconds(10)), "No frame was handed over.");
        lock (_frames)
        {
            return _frames[^1];
        }
    }

    /// <summary>
    /// The next frame, moving the fake clock on by 10 ms while none comes (at most a fake second). The sink's loop ends
    /// on a pool thread after the previous frame is written; if it reads the clock before the test advances it and sets
    /// its timer after, the timer is due up to one interval past the fake now, which real time would reach and the
    /// fake clock never.
    /// </summary>
    private async Task<(UnitsFrame Frame, TaskCompletionSource Written)> NextFrameNudgingAsync()
    {
        for (var nudge = 0; nudge < 100; nudge++)
        {
            if (await _arrived.WaitAsync(TimeSpan.FromMilliseconds(50)))
            {
                lock (_frames)
                {
                    return _frames[^1];
                }
            }

            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        throw new Xunit.Sdk.XunitException("No frame was handed over.");
    }

    private List<UnitsFrame> Frames()
    {
        lock (_frames)
        {
            return [.. _frames.Select(f => f.Frame)];
        }
    }

    private static IEnumerable<string> Units(UnitsFrame frame) => frame.Units.Select(u => $"{u.Id}@{u.Version}");

    private static UnitSummary Summary(string id, long version) => new()
    {
        Id = id, Name = id, Level = "site", Version = version, Residents = ResidentCounts.Zero,
    };
}
