using System.Collections.Concurrent;
using System.Security.Claims;
using Canvass.Gateway.Auth;

namespace Canvass.Gateway.Push;

/// <summary>
/// The hub connections and event streams open at this gateway, each with its token's claims and a way to close it,
/// so that a revocation closes them here as soon as this gateway learns of it.
/// </summary>
public sealed class LiveConnections
{
    private readonly ConcurrentDictionary<long, (ClaimsPrincipal User, Action Close)> _open = new();
    private long _next;

    /// <summary>Adds a connection until the returned registration is disposed.</summary>
    public IDisposable Add(ClaimsPrincipal user, Action close)
    {
        var id = Interlocked.Increment(ref _next);
        _open[id] = (user, close);
        return new Registration(this, id);
    }

    /// <summary>Closes every connection whose token <paramref name="list"/> revokes; how many it closed.</summary>
    public int CloseRevoked(RevocationList list)
    {
        var closed = 0;
        foreach (var (id, (user, close)) in _open)
        {
            if (list.IsRevoked(user) && _open.TryRemove(id, out _))
            {
                try
                {
                    close();
                }
                catch (ObjectDisposedException)
                {
                    // It ended on its own meanwhile.
                }

                closed++;
            }
        }

        return closed;
    }

    private sealed class Registration(LiveConnections owner, long id) : IDisposable
    {
        public void Dispose() => owner._open.TryRemove(id, out _);
    }
}
