using Canvass.Abstractions.Units;

namespace Canvass.Gateway.Push;

/// <summary>
/// The one delivery rule, for every subscriber (hub connection or event stream): at most once per its
/// <see cref="Pace"/>, one frame with the newest summary of every followed unit that changed since its last frame and
/// passes its filter. The pace cuts the gateway's clock into slots of 1/maxRate (counted from the clock's zero, so
/// the same for every sink); after a frame, the next waits for a slot start an interval later. So subscribers
/// that follow the same units at the same pace write equal frames at the same moments, which
/// <see cref="SharedFrames"/> serializes once. Per unit it keeps only the last summary sent (what the filter compares with) and the newest
/// one waiting; while a frame is being written, or the pace says wait, changes replace each other there. So a slow
/// reader never has a queue: its next frame is fuller, and it always ends on the newest version.
/// </summary>
internal sealed class FrameSink
{
    private readonly Func<UnitsFrame, Task> _send;
    private readonly Action<Exception> _failed;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, UnitState> _units = new(StringComparer.Ordinal);
    private readonly List<UnitState> _changed = [];
    private readonly ITimer _timer;
    private long _nextFrameAt;
    private bool _sending;
    private bool _timerSet;
    private bool _held;
    private bool _closed;

    /// <param name="send">Writes one frame; called for one frame at a time, never concurrently.</param>
    /// <param name="failed">Told of a write that threw; its summaries count as not sent.</param>
    /// <param name="held">Whether delivery waits for <see cref="Release"/>, so that a catch-up goes out first.</param>
    public FrameSink(UnitFilter filter, Pace pace, Func<UnitsFrame, Task> send, Action<Exception> failed, TimeProvider time, bool held)
    {
        Filter = filter;
        Pace = pace;
        _send = send;
        _failed = failed;
        _time = time;
        _held = held;
        _timer = time.CreateTimer(static state => ((FrameSink)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public UnitFilter Filter { get; }

    public Pace Pace { get; }

    /// <summary>Whether this sink delivers the way asked: same filter, same pace.</summary>
    public bool Serves(UnitFilter filter, Pace pace) =>
        Pace == pace && Filter.Kind == filter.Kind && Filter.Thresholds.SequenceEqual(filter.Thresholds);

    /// <summary>A new summary of a followed unit; returns at once, the frame goes out behind it.</summary>
    public void Offer(UnitSummary summary, DateTimeOffset? flushedAt)
    {
        lock (_units)
        {
            if (_closed)
            {
                return;
            }

            var state = State(summary.Id);
            if (summary.Version <= state.Seen || (state.Waiting is { } waiting && waiting.Version >= summary.Version))
            {
                return;
            }

            state.Waiting = summary;
            state.FlushedAt ??= flushedAt;
            if (!state.Changed)
            {
                state.Changed = true;
                _changed.Add(state);
            }

            if (!StartLocked())
            {
                return;
            }
        }

        // Not on the caller's thread: that is the feed's observer, which offers each change to every sink.
        _ = Task.Run(WriteAsync);
    }

    /// <summary>
    /// Records what the subscriber holds of a unit (sent in a catch-up, or its own copy at that version): later
    /// summaries are compared with it, and none at or below its version is sent.
    /// </summary>
    public void Prime(UnitSummary held)
    {
        lock (_units)
        {
            var state = State(held.Id);
            if (held.Version > state.Seen || state.Sent is null)
            {
                state.Seen = Math.Max(state.Seen, held.Version);
                state.Sent = held;
            }
        }
    }

    /// <summary>Starts delivering what arrived while held.</summary>
    public void Release()
    {
        lock (_units)
        {
            _held = false;
            if (!StartLocked())
            {
                return;
            }
        }

        _ = Task.Run(WriteAsync);
    }

    /// <summary>Stops delivery for good; an offer after this is dropped.</summary>
    public void Close()
    {
        lock (_units)
        {
            _closed = true;
            _changed.Clear();
        }

        _timer.Dispose();
    }

    /// <summary>Whether a frame should be written now; if the pace says later, sets the timer. Holds the lock.</summary>
    private bool StartLocked()
    {
        if (_closed || _held || _sending || _timerSet || _changed.Count == 0)
        {
            return false;
        }

        var early = _nextFrameAt - _time.GetTimestamp();
        if (Pace.MaxRate > 0 && early > 0)
        {
            _timerSet = true;
            _timer.Change(TimeSpan.FromSeconds((double)early / _time.TimestampFrequency), Timeout.InfiniteTimeSpan);
            return false;
        }

        _sending = true;
        return true;
    }

    private void OnTimer()
    {
        lock (_units)
        {
            _timerSet = false;
            if (!StartLocked())
            {
                return;
            }
        }

        _ = WriteAsync();
    }

    /// <summary>
    /// When the frame after one built at <paramref name="builtAt"/> may start: the next slot start for a frame built
    /// just after the slot start it waited for (its timer's lateness does not push the sink off the slots the other
    /// sinks of its pace keep), else the first slot start a whole interval later.
    /// </summary>
    private long NextFrameAt(long builtAt)
    {
        var slot = Math.Max(1, (long)(Pace.Interval.TotalSeconds * _time.TimestampFrequency));
        if (_nextFrameAt > 0 && builtAt >= _nextFrameAt && builtAt - _nextFrameAt < slot / 8)
        {
            return _nextFrameAt + slot;
        }

        return (builtAt + slot + slot - 1) / slot * slot;
    }

    private UnitState State(string unitId)
    {
        if (!_units.TryGetValue(unitId, out var state))
        {
            state = new UnitState();
            _units[unitId] = state;
        }

        return state;
    }

    /// <summary>Writes frames while there are changes and the pace allows; one such loop at a time.</summary>
    private async Task WriteAsync()
    {
        do
        {
            await WriteOneAsync();
        }
        while (Continue());

        bool Continue()
        {
            lock (_units)
            {
                _sending = false;
                return StartLocked();
            }
        }
    }

    private async Task WriteOneAsync()
    {
        var frame = new List<UnitSummary>();
        var undo = new List<(UnitState State, UnitSummary Next, UnitSummary? Sent, long Seen)>();
        DateTimeOffset? flushedAt = null;
        lock (_units)
        {
            foreach (var state in _changed)
            {
                var next = state.Waiting!;
                var flushed = state.FlushedAt;
                (state.Waiting, state.FlushedAt, state.Changed) = (null, null, false);
                if (next.Version <= state.Seen)
                {
                    continue;
                }

                var before = (state, next, state.Sent, state.Seen);
                state.Seen = next.Version;
                if (state.Sent is { } sent && !Filter.Passes(sent, next))
                {
                    // Considered and not worth a push: the next summary is still compared with the last one sent.
                    continue;
                }

                state.Sent = next;
                undo.Add(before);
                frame.Add(next);
                if (flushed is { } f && (flushedAt is not { } oldest || f < oldest))
                {
                    flushedAt = f;
                }
            }

            _changed.Clear();
            if (frame.Count == 0)
            {
                return;
            }

            _nextFrameAt = Pace.MaxRate > 0 ? NextFrameAt(_time.GetTimestamp()) : _nextFrameAt;
        }

        try
        {
            // In the trace of the change that started this write (Task.Run carries its activity along).
            using var activity = Hosting.PushTracing.Source.StartActivity("push send");
            activity?.SetTag("canvass.units", frame.Count);
            await _send(new UnitsFrame(frame) { FlushedAt = flushedAt });
        }
        catch (Exception e)
        {
            _failed(e);
            lock (_units)
            {
                foreach (var (state, next, sent, seen) in undo)
                {
                    // Not sent after all: the renewal's next offer of the same version must not be taken as a repeat.
                    if (ReferenceEquals(state.Sent, next))
                    {
                        (state.Sent, state.Seen) = (sent, seen);
                    }
                }
            }
        }
    }

    private sealed class UnitState
    {
        public UnitSummary? Sent { get; set; }
        public long Seen { get; set; } = -1;
        public UnitSummary? Waiting { get; set; }
        public DateTimeOffset? FlushedAt { get; set; }
        public bool Changed { get; set; }
    }
}
