using System.Diagnostics;
using Canvass.Bench.Metrics;

namespace Canvass.Bench.Freshness;

/// <summary>
/// Each marker's screenedAt, send and acknowledgement times, and when each level's subscriber first saw it.
/// A push "shows" a marker once its unit's lastReportAt reaches the marker's screenedAt: markers are stamped later
/// than any background report, and each later than the one before, so nothing else can move lastReportAt that far.
/// </summary>
public sealed class MarkerLog
{
    private readonly Lock _lock = new();
    private readonly Marker[] _markers;
    private readonly int[] _nextUnseen;
    private int _issued;

    public MarkerLog(int count, int levels)
    {
        _markers = new Marker[count];
        for (var i = 0; i < count; i++)
        {
            _markers[i] = new Marker(levels);
        }

        _nextUnseen = new int[levels];
    }

    public int Issued
    {
        get
        {
            lock (_lock)
            {
                return _issued;
            }
        }
    }

    public int Accepted
    {
        get
        {
            lock (_lock)
            {
                return _markers.Take(_issued).Count(m => m.Accepted);
            }
        }
    }

    /// <summary>Records a marker before it is posted: its push may come back before the reply does.</summary>
    public void Issue(int index, DateTimeOffset screenedAt, long sentTimestamp)
    {
        lock (_lock)
        {
            _markers[index].ScreenedAt = screenedAt;
            _markers[index].Sent = sentTimestamp;
            _issued = index + 1;
        }
    }

    public void Acknowledged(int index, long ackTimestamp, bool accepted)
    {
        lock (_lock)
        {
            _markers[index].Acked = ackTimestamp;
            _markers[index].Accepted = accepted;
        }
    }

    /// <summary>A push for a level's unit arrived: every issued marker it covers, not seen before, is seen now.</summary>
    public void Pushed(int level, DateTimeOffset? lastReportAt, long timestamp)
    {
        if (lastReportAt is not { } reached)
        {
            return;
        }

        lock (_lock)
        {
            var next = _nextUnseen[level];
            while (next < _issued && _markers[next].ScreenedAt <= reached)
            {
                _markers[next++].Arrived[level] = timestamp;
            }

            _nextUnseen[level] = next;
        }
    }

    /// <summary>True when every accepted marker has been seen at every level.</summary>
    public bool AllSeen()
    {
        lock (_lock)
        {
            return _markers.Take(_issued).All(m => !m.Accepted || m.Arrived.All(a => a != 0));
        }
    }

    public LevelFigures Figures(int level)
    {
        var fromAck = new List<double>();
        var fromSend = new List<double>();
        int missing = 0, beforeAck = 0;
        lock (_lock)
        {
            foreach (var m in _markers.Take(_issued).Where(m => m.Accepted))
            {
                var arrived = m.Arrived[level];
                if (arrived == 0)
                {
                    missing++;
                    continue;
                }

                // Negative when the push beat the HTTP reply to the client; kept signed rather than hidden.
                var ack = Stopwatch.GetElapsedTime(m.Acked, arrived).TotalMilliseconds;
                beforeAck += arrived < m.Acked ? 1 : 0;
                fromAck.Add(ack);
                fromSend.Add(Stopwatch.GetElapsedTime(m.Sent, arrived).TotalMilliseconds);
            }
        }

        fromAck.Sort();
        fromSend.Sort();
        return new LevelFigures(LatencySummary.From([.. fromAck]), LatencySummary.From([.. fromSend]), missing, beforeAck);
    }

    public LatencySummary AckLatency()
    {
        lock (_lock)
        {
            var acks = _markers.Take(_issued).Where(m => m.Acked != 0).Select(m => Stopwatch.GetElapsedTime(m.Sent, m.Acked).TotalMilliseconds).Order().ToArray();
            return LatencySummary.From(acks);
        }
    }

    private sealed class Marker(int levels)
    {
        public DateTimeOffset ScreenedAt { get; set; }
        public long Sent { get; set; }
        public long Acked { get; set; }
        public bool Accepted { get; set; }
        public long[] Arrived { get; } = new long[levels];
    }
}

/// <summary>One level's latencies over the markers it saw, and how many it never saw.</summary>
public sealed record LevelFigures(LatencySummary FromAck, LatencySummary FromSend, int Missing, int BeforeAck);
