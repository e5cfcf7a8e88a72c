using System.Collections.Concurrent;

namespace Canvass.Gateway.Limits;

/// <summary>
/// How many of something (hub connections, event streams) each client holds open at once, and a cap on it: the
/// per-second limits bound how fast a client opens them, not how many it keeps, and each one holds a gateway's
/// memory and grain watches for as long as it stays.
/// </summary>
public sealed class SubjectSlots(string what, int max, string setting)
{
    private readonly ConcurrentDictionary<string, int> _held = new(StringComparer.Ordinal);

    /// <summary>A slot for <paramref name="client"/>, released when disposed; null when it holds <c>max</c> already.</summary>
    public IDisposable? TryAcquire(string client)
    {
        while (true)
        {
            var held = _held.GetOrAdd(client, 0);
            if (held >= max)
            {
                return null;
            }

            if (_held.TryUpdate(client, held + 1, held))
            {
                return new Slot(this, client);
            }
        }
    }

    /// <summary>What a refused client is told.</summary>
    public string Refusal => $"This client already holds {max} open {what}, as many as it may; close one before opening another (Limits:{setting}).";

    private void Release(string client)
    {
        while (true)
        {
            var held = _held[client];
            if (held == 1 ? _held.TryRemove(KeyValuePair.Create(client, 1)) : _held.TryUpdate(client, held - 1, held))
            {
                return;
            }
        }
    }

    private sealed class Slot(SubjectSlots owner, string client) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(client);
            }
        }
    }
}

/// <summary>The two kinds of open things a client's count is capped on.</summary>
public sealed class OpenLimits(LimitOptions limits)
{
    public SubjectSlots Connections { get; } = new("hub connections", limits.MaxConnectionsPerSubject, nameof(LimitOptions.MaxConnectionsPerSubject));

    public SubjectSlots Streams { get; } = new("event streams", limits.MaxStreamsPerSubject, nameof(LimitOptions.MaxStreamsPerSubject));
}
