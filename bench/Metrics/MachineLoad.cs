using System.Globalization;

namespace Canvass.Bench.Metrics;

/// <summary>
/// The machine's one-minute load average (<c>/proc/loadavg</c>): on a shared 2-core box, a round measured while
/// something else ran (a build, another server) shows it here rather than as a change of the server's own.
/// </summary>
public static class MachineLoad
{
    /// <summary>Runnable processes averaged over the last minute, or null where /proc cannot tell.</summary>
    public static double? OneMinute()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
