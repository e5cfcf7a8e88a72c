using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Canvass.TestSupport;

public static class Ports
{
    // The kernel may hand the port just released to the very next listener, so two calls in a row can return the
    // same port (a silo port equal to its gateway port): a port is handed out once per test process.
    private static readonly ConcurrentDictionary<int, byte> Given = new();

    /// <summary>A loopback port free just now and not handed out before by this process, so that parallel test hosts and runs do not collide.</summary>
    public static int Free()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (Given.TryAdd(port, 0))
            {
                return port;
            }
        }
    }
}
