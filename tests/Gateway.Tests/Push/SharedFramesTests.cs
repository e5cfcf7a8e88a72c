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
    public async Task Sinks_that_started_apart_and_keep_getting_changes_write_on_the_same_slots_with_the_same_units()
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
        await Eventually.UntilAsync(() => Task.FromResult(Count(written)), n => n == 1, "the first sink's first frame");
        _time.Advance(TimeSpan.FromMilliseconds(90));
        var second = Sink(2);
        second.Offer(Summary("a", 1), null);
        await Eventually.UntilAsync(() => Task.FromResult(Count(written)), n => n == 2, "the second sink's first frame");

        // A change every 10 ms to both (a unit under load): each sink always has one waiting when its slot comes.
        // The fake clock runs a due timer inside Advance, and this send completes at once, so each slot's frames
        // are written before the next change is offered.
        for (var version = 2; version < 150; version++)
        {
            first.Offer(Summary("a", version), null);
            second.Offer(Summary("a", version), null);
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        // One more slot: both write the last version, and nothing is still on its way.
        _time.Advance(pace.Interval);
        await Eventually.UntilAsync(() => Task.FromResult(Count(written, "a@149")), n => n == 2, "both sinks' frames with the last version");
        List<(int Sink, TimeSpan At, string Units)> frames;
        lock (written)
        {
            frames = [.. written];
        }

        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMilliseconds(90)], frames.Take(2).Select(w => w.At));
        // From the second second on, every frame of one sink has its twin in the other: same slot, same units.
        var settled = frames.Where(f => f.At >= TimeSpan.FromSeconds(1)).ToList();
        Assert.True(settled.Count >= 4, $"{settled.Count} frames after the first second");
        foreach (var frame in settled.Where(f => f.Sink == 1))
        {
            Assert.Contains(settled, f => f.Sink == 2 && f.Units == frame.Units && (f.At - frame.At).Duration() <= TimeSpan.FromMilliseconds(20));
        }

        // And the pace holds: never two frames of one sink closer than most of an interval.
        foreach (var sink in settled.GroupBy(f => f.Sink))
        {
            var times = sink.Select(f => f.At).Order().ToArray();
            Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second - pair.First >= pace.Interval * 7 / 8, $"{pair.First} then {pair.Second}"));
        }
    }

    private static int Count<T>(List<T> list)
    {
        lock (list)
        {
            return list.Count;
        }
    }

    private static int Count(List<(int Sink, TimeSpan At, string Units)> written, string units)
    {
        lock (written)
        {
            return written.Count(w => w.Units == units);
        }
    }

    private static CanvassMetrics Metrics() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());

    private static UnitSummary Summary(string id, long version) => new()
    {
        Id = id, Name = id, Level = "site", Version = version, Residents = ResidentCounts.Zero,
    };
}
