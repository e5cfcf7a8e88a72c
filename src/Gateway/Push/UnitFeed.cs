using System.Collections.Concurrent;
using Canvass.Abstractions.Push;
using Canvass.Abstractions.Units;
using Canvass.Gateway.Hosting;
using Canvass.Registry;
using Microsoft.Extensions.Options;

namespace Canvass.Gateway.Push;

/// <summary>
/// This gateway host's side of the push: one observer for all its subscribers, one watch per unit that any of them
/// follows (UnitFeed.Watches.cs: leases, renewal, resubscription after a silo loss), and per subscriber (a hub
/// connection, an event stream) one <see cref="FrameSink"/>, offered every change of the units it follows, which
/// applies the one delivery rule: frames at its pace, each with the newest summary of every unit that changed.
/// </summary>
public sealed partial class UnitFeed(
    IGrainFactory factory,
    UnitGrains grains,
    UnitRegistry registry,
    HubConnections connections,
    SharedFrames frames,
    CanvassMetrics metrics,
    IOptions<PushOptions> options,
    TimeProvider time,
    ILogger<UnitFeed> logger) : IUnitObserver
{
    private readonly ConcurrentDictionary<string, UnitSummary> _newest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FrameSink[]> _sinks = new(StringComparer.Ordinal);
    private readonly Lock _sinkLock = new();
    private IUnitObserver? _reference;

    /// <summary>The pace of a subscription that names none.</summary>
    public Pace DefaultPace { get; } = Pace.Default(options.Value);

    /// <summary>The grain-side reference to this observer; kept here so the runtime does not collect it.</summary>
    private IUnitObserver Reference => _reference ??= factory.CreateObjectReference<IUnitObserver>(this);

    Task IUnitObserver.OnChangedAsync(UnitChange change)
    {
        // The runtime runs this observer's calls one at a time, and it is the one observer of every unit this host
        // watches: offering only notes the change in each sink and returns; the frames are written behind it.
        Offer(new UnitSnapshot(change.Unit, change.Children), change.FlushedAt);
        return Task.CompletedTask;
    }

    private void Offer(UnitSnapshot snapshot, DateTimeOffset? flushedAt)
    {
        Offer(snapshot.Unit, flushedAt);
        foreach (var child in snapshot.Children)
        {
            Offer(child, flushedAt);
        }
    }

    /// <summary>Offers <paramref name="summary"/> to the sinks that follow its unit; each decides for itself.</summary>
    private void Offer(UnitSummary summary, DateTimeOffset? flushedAt)
    {
        if (summary.Loading)
        {
            // A unit still loading after a restart may count less than it showed: its complete summary follows.
            return;
        }

        if (!_sinks.TryGetValue(summary.Id, out var sinks))
        {
            return;
        }

        _newest.AddOrUpdate(summary.Id, summary, (_, had) => had.Version >= summary.Version ? had : summary);
        foreach (var sink in sinks)
        {
            sink.Offer(summary, flushedAt);
        }
    }

    /// <summary>The newer of a summary just read from its grain and the newest this host has had pushed.</summary>
    private UnitSummary Latest(UnitSummary fetched) =>
        _newest.TryGetValue(fetched.Id, out var newest) && newest.Version > fetched.Version ? newest : fetched;

    /// <summary>A sink that writes frames to a hub connection, as <c>UnitsChanged</c>.</summary>
    private FrameSink HubSink(string connectionId, UnitFilter filter, Pace pace) =>
        new(filter, pace, frame => Sent(frame, connections.WriteAsync(connectionId, frames.For(frame))), LogSendFailed, time, held: true);

    /// <summary>A sink that writes frames with <paramref name="write"/> (an event stream).</summary>
    internal FrameSink StreamSink(UnitFilter filter, Pace pace, Func<UnitsFrame, Task> write) =>
        new(filter, pace, frame => Sent(frame, write(frame)), LogSendFailed, time, held: true);

    private async Task Sent(UnitsFrame frame, Task sending)
    {
        await sending;
        metrics.Frames.Add(1);
        if (frame.FlushedAt is { } flushed)
        {
            metrics.PushLatency.Record((time.GetUtcNow() - flushed).TotalMilliseconds);
        }
    }

    /// <summary>Makes <paramref name="sink"/> offered every change of these units.</summary>
    private void AddSink(FrameSink sink, IEnumerable<string> unitIds)
    {
        lock (_sinkLock)
        {
            foreach (var id in unitIds)
            {
                var current = _sinks.GetValueOrDefault(id) ?? [];
                if (!current.Contains(sink))
                {
                    _sinks[id] = [.. current, sink];
                }
            }
        }
    }

    private void RemoveSink(FrameSink sink, IEnumerable<string> unitIds)
    {
        lock (_sinkLock)
        {
            foreach (var id in unitIds)
            {
                if (_sinks.TryGetValue(id, out var current))
                {
                    var rest = current.Where(s => s != sink).ToArray();
                    if (rest.Length == 0)
                    {
                        _sinks.TryRemove(id, out _);
                        _newest.TryRemove(id, out _);
                    }
                    else
                    {
                        _sinks[id] = rest;
                    }
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the watch on unit {UnitId}")]
    private partial void LogRenewFailed(Exception exception, string unitId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write a frame to a subscriber")]
    private partial void LogSendFailed(Exception exception);
}
