using Canvass.Abstractions.Units;

namespace Canvass.Gateway.Push;

/// <summary>
/// Delivery to one subscriber that needs decisions of its own: a hub connection with a filter, or a server-sent
/// event stream. Per unit it remembers the last summary sent (what the filter compares with) and the newest version
/// it has considered; offers arriving while a send is in flight wait as one per unit, and only the newest of them
/// is considered, so a slow subscriber falls behind by at most one summary per unit, never by a growing queue.
/// </summary>
internal sealed class SubscriberSink
{
    private readonly UnitFilter _filter;
    private readonly Func<UnitSummary, Task> _send;
    private readonly Action<Exception, string> _failed;
    private readonly Dictionary<string, UnitState> _units = new(StringComparer.Ordinal);
    private readonly Queue<UnitState> _queue = new();
    private bool _draining;
    private bool _held;
    private bool _closed;

    /// <param name="filter">Which changes are sent.</param>
    /// <param name="send">Sends one summary; called by one drain at a time, never concurrently.</param>
    /// <param name="failed">Told of a send that threw; the summary counts as not sent.</param>
    /// <param name="held">Whether delivery waits for <see cref="Release"/>, so that a catch-up goes out first.</param>
    public SubscriberSink(UnitFilter filter, Func<UnitSummary, Task> send, Action<Exception, string> failed, bool held)
    {
        _filter = filter;
        _send = send;
        _failed = failed;
        _held = held;
    }

    public UnitFilter Filter => _filter;

    /// <summary>A new summary of a unit this subscriber follows; returns at once, the send runs behind it.</summary>
    public void Offer(UnitSummary summary)
    {
        lock (_units)
        {
            if (_closed)
            {
                return;
            }

            var state = State(summary.Id);
            if (summary.Version <= state.Seen || (state.Pending is { } pending && pending.Version >= summary.Version))
            {
                return;
            }

            state.Pending = summary;
            if (!state.Queued)
            {
                state.Queued = true;
                _queue.Enqueue(state);
            }

            if (_draining || _held)
            {
                return;
            }

            _draining = true;
        }

        _ = DrainAsync();
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
            if (_draining || _closed || _queue.Count == 0)
            {
                return;
            }

            _draining = true;
        }

        _ = DrainAsync();
    }

    /// <summary>Stops delivery for good; an offer after this is dropped.</summary>
    public void Close()
    {
        lock (_units)
        {
            _closed = true;
            _queue.Clear();
        }
    }

    private UnitState State(string unitId)
    {
        if (!_units.TryGetValue(unitId, out var state))
        {
            state = new UnitState(unitId);
            _units[unitId] = state;
        }

        return state;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            UnitState state;
            UnitSummary next;
            (UnitSummary? Sent, long Seen) before;
            lock (_units)
            {
                if (_closed || _held || !_queue.TryDequeue(out state!))
                {
                    _draining = false;
                    return;
                }

                state.Queued = false;
                next = state.Pending!;
                state.Pending = null;
                if (next.Version <= state.Seen)
                {
                    continue;
                }

                before = (state.Sent, state.Seen);
                state.Seen = next.Version;
                if (state.Sent is { } sent && !_filter.Passes(sent, next))
                {
                    // Considered and not worth a push: the next summary is still compared with the last one sent.
                    continue;
                }

                state.Sent = next;
            }

            try
            {
                await _send(next);
            }
            catch (Exception e)
            {
                _failed(e, next.Id);
                lock (_units)
                {
                    // Not sent after all: the renewal's next offer of the same version must not be taken as a repeat.
                    if (ReferenceEquals(state.Sent, next))
                    {
                        (state.Sent, state.Seen) = before;
                    }
                }
            }
        }
    }

    private sealed class UnitState(string unitId)
    {
        public string UnitId => unitId;
        public UnitSummary? Sent { get; set; }
        public long Seen { get; set; } = -1;
        public UnitSummary? Pending { get; set; }
        public bool Queued { get; set; }
    }
}
