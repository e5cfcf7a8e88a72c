using System.Diagnostics.Metrics;
using Canvass.Abstractions.Screening;
using Canvass.Abstractions.Units;
using Canvass.Gateway.Hosting;
using Canvass.Gateway.Push;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Canvass.Gateway.Tests.Push;

/// <summary>Sinks at one pace stay on the same slots, and their equal frames are serialized once.</summary>
public class SharedFramesTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Equal_frames_share_one_message_and_a_different_version_gets_its_own()
    {
        var frames = new SharedFrames(Metrics(), _time);
        var a1 = Summary("a", 1);
        var first = frames.For(new UnitsFrame([a1, Summary("b", 4)]));

        Assert.Same(first, frames.For(new UnitsFrame([Summary("a", 1), Summary("b", 4)])));
        Assert.NotSame(first, frames.For(new UnitsFrame([a1, Summary("b", 5)])));
        Assert.NotSame(first, frames.For(new UnitsFrame([a1])));
    }

    [Fact]
    public void A_frame_is_forgotten_after_its_two_generations()
    {
        var frames = new SharedFrames(Metrics(), _time);
        var first = frames.For(new UnitsFrame([Summary("a", 1)]));
        _time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Same(first, frames.For(new UnitsFrame([Summary("a", 1)])));
        _time.Advance(TimeSpan.FromSeconds(2.5));
        _ = frames.For(new UnitsFrame([Summary("z", 1)]));
        _time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.NotSame(first, frames.For(new UnitsFrame([Summary("a", 1)])));
    }

    [Fact]
    public async Task Sinks_that_started_apart_write_their_later_frames_in_the_same_slot_with_the_same_units()
    {
        var pace = Pace.TryParse(4, Pace.EveryChange, out _)!.Value;
        var written = new List<(int Sink, TimeSpan At, string Units)>();
        var start = _time.GetTimestamp();
        FrameSink Sink(int index) => new(UnitFilter.All, pace, frame =>
        {
            lock (written)
            {
                written.Add((index, _time.GetElapsedTime(start), string.Join(",", frame.Units.Select(u => $"{u.Id}@{u.Version}"))));
            }

            return Task.CompletedTask;
        }, e => throw e, _time, held: false);

        var first = Sink(1);
        first.Offer(Summary("a", 1), null);
        _time.Advance(TimeSpan.FromMilliseconds(90));
        var second = Sink(2);
        second.Offer(Summary("a", 1), null);
        await Eventually.UntilAsync(() => Task.FromResult(Count(written)), n => n == 2, "both sinks' first frames");

        // Both now wait; the next change reaches both, and both write it at the next slot start, not 90 ms apart.
        first.Offer(Summary("a", 2), null);
        second.Offer(Summary("a", 2), null);
        for (var i = 0; i < 60 && Count(written) < 4; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Delay(20);
        }

        List<(int Sink, TimeSpan At, string Units)> later;
        lock (written)
        {
            later = [.. written.Skip(2)];
        }

        Assert.Equal(2, later.Count);
        Assert.All(later, w => Assert.Equal("a@2", w.Units));
        Assert.InRange((later[0].At - later[1].At).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(20));
        // And never closer to the sink's previous frame than most of an interval.
        Assert.True(later.Single(w => w.Sink == 2).At - TimeSpan.FromMilliseconds(90) >= pace.Interval * 7 / 8);
    }

    private static int Count<T>(List<T> list)
    {
        lock (list)
        {
            return list.Count;
        }
    }

    private static CanvassMetrics Metrics() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());

    private static UnitSummary Summary(string id, long version) => new()
    {
        Id = id, Name = id, Level = "site", Version = version, Residents = ResidentCounts.Zero,
    };
}
