using Canvass.Abstractions.Units;
using Canvass.Gateway.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Canvass.Gateway.Push;

/// <summary>
/// One serialized <c>UnitsChanged</c> message per distinct frame. Subscribers at one pace that follow the same units
/// build their frames in the same slot from the same summaries, so a district's thousand walls share one
/// serialization (per protocol) instead of making a thousand. A unit's version names its summary, so two frames
/// with the same units at the same versions are the same frame. Entries live for about two seconds.
/// </summary>
public sealed class SharedFrames(CanvassMetrics metrics, TimeProvider time)
{
    private static readonly TimeSpan Generation = TimeSpan.FromSeconds(1);
    private readonly Lock _lock = new();
    private Dictionary<FrameKey, SerializedHubMessage> _current = [];
    private Dictionary<FrameKey, SerializedHubMessage> _previous = [];
    private long _generationStart = time.GetTimestamp();

    public SerializedHubMessage For(UnitsFrame frame)
    {
        var key = new FrameKey(frame.Units);
        lock (_lock)
        {
            if (time.GetElapsedTime(_generationStart) >= Generation)
            {
                (_previous, _current) = (_current, []);
                _generationStart = time.GetTimestamp();
            }

            if (!_current.TryGetValue(key, out var message))
            {
                if (!_previous.TryGetValue(key, out message))
                {
                    message = new SerializedHubMessage(new InvocationMessage(MonitorHub.UnitsChanged, [frame]));
                    metrics.DistinctFrames.Add(1);
                }

                _current[key] = message;
            }

            return message;
        }
    }

    /// <summary>A frame's units and versions, in order.</summary>
    private readonly struct FrameKey : IEquatable<FrameKey>
    {
        private readonly IReadOnlyList<UnitSummary> _units;
        private readonly int _hash;

        public FrameKey(IReadOnlyList<UnitSummary> units)
        {
            _units = units;
            var hash = new HashCode();
            foreach (var unit in units)
            {
                hash.Add(unit.Id, StringComparer.Ordinal);
                hash.Add(unit.Version);
            }

            _hash = hash.ToHashCode();
        }

        public bool Equals(FrameKey other)
        {
            if (_hash != other._hash || _units.Count != other._units.Count)
            {
                return false;
            }

            for (var i = 0; i < _units.Count; i++)
            {
                var (mine, theirs) = (_units[i], other._units[i]);
                if (!ReferenceEquals(mine, theirs) && (mine.Version != theirs.Version || !string.Equals(mine.Id, theirs.Id, StringComparison.Ordinal)))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => obj is FrameKey other && Equals(other);

        public override int GetHashCode() => _hash;
    }
}
