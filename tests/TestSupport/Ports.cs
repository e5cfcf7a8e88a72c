using System.Net;
using System.Net.Sockets;

namespace Canvass.TestSupport;

public static class Ports
{
    /// <summary>A loopback port free just now, so that parallel test hosts and runs do not collide.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
