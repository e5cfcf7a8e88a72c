using System.Globalization;
using System.Net.Sockets;

namespace Canvass.Bench.Fanout;

/// <summary>
/// The Linux limits that thousands of connections on one machine run into: open files per process (each socket is
/// one, at the bench and at the server) and the local port range (each connection to the one server port takes one).
/// </summary>
public static class FileLimits
{
    /// <summary>
    /// File descriptors the bench needs beyond one per connection: about 130 for the runtime and the HTTP senders (as
    /// measured on Linux), one for each connection still opening, and slack.
    /// </summary>
    public const int Headroom = 256;

    /// <summary>The soft "Max open files" of a process (ulimit -n), or null when /proc does not say.</summary>
    public static long? OpenFilesLimit(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/limits"))
            {
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    var soft = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                    return soft == "unlimited" ? long.MaxValue : long.Parse(soft, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }

        return null;
    }

    /// <summary>How many files the process has open now, or null when /proc does not let the bench see.</summary>
    public static int? OpenFiles(int pid)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Count();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The number of local ports outgoing connections may use (net.ipv4.ip_local_port_range).</summary>
    public static int? EphemeralPorts()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split(['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[1], CultureInfo.InvariantCulture) - int.Parse(range[0], CultureInfo.InvariantCulture) + 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Warnings, before any connection opens, for limits the requested count would exceed.</summary>
    public static IEnumerable<string> Check(int connections, int? serverPid)
    {
        if (OpenFilesLimit(Environment.ProcessId) is { } own && own < connections + Headroom)
        {
            yield return $"the bench may open {own:#,0} files (ulimit -n) but {connections:#,0} connections need about {connections + Headroom:#,0}; raise it with ulimit -n before starting the bench.";
        }

        if (serverPid is { } pid && OpenFilesLimit(pid) is { } server && server < connections + Headroom)
        {
            yield return $"the server (pid {pid}) may open {server:#,0} files but {connections:#,0} connections need about {connections + Headroom:#,0}; raise ulimit -n in the shell that starts it.";
        }

        if (EphemeralPorts() is { } ports && ports < connections + Headroom)
        {
            yield return $"net.ipv4.ip_local_port_range has {ports:#,0} ports, fewer than {connections:#,0} connections to one server port need.";
        }
    }

    /// <summary>Whether a failure to connect was the process running out of descriptors or local ports.</summary>
    public static string? Exhausted(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.TooManyOpenSockets } || e.Message.Contains("Too many open files", StringComparison.OrdinalIgnoreCase))
            {
                return "the bench ran out of file descriptors (ulimit -n)";
            }

            if (e is SocketException { SocketErrorCode: SocketError.AddressNotAvailable })
            {
                return "the bench ran out of local ports (net.ipv4.ip_local_port_range)";
            }
        }

        return null;
    }
}
