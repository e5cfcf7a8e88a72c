using System.Diagnostics;
using System.Globalization;

namespace Canvass.Bench.Metrics;

/// <summary>
/// CPU and resident memory of one Linux process from /proc, sampled by the progress loop. On a 2-core machine the
/// bench and the server compete for the same cores, so both are worth seeing next to the throughput.
/// </summary>
public sealed class ProcessProbe
{
    // USER_HZ, the unit of utime/stime in /proc/PID/stat; fixed at 100 on every Linux ABI .NET runs on.
    private const double ClockTicksPerSecond = 100;

    private readonly int _pid;
    private ProcReading _previous;
    private ProcReading? _windowStart;
    private long _peakRssBytes;

    private ProcessProbe(int pid, string label, ProcReading first)
    {
        _pid = pid;
        Label = label;
        _previous = first;
    }

    public string Label { get; }

    /// <summary>CPU over the last sample interval, in percent of one core (200 = both cores of a 2-core box).</summary>
    public double CurrentCpuPercent { get; private set; }

    public long CurrentRssBytes => _previous.RssBytes;

    /// <summary>A probe of the process, or null (with the reason) when /proc cannot tell about it.</summary>
    public static ProcessProbe? TryCreate(int pid, string label, out string? problem)
    {
        var reading = TryRead(pid, out problem);
        return reading is null ? null : new ProcessProbe(pid, label, reading.Value);
    }

    /// <summary>A process's resident memory now, or null when /proc cannot tell; independent of any probe's samples.</summary>
    public static long? ReadRssBytes(int pid) => TryRead(pid, out _)?.RssBytes;

    public void Sample()
    {
        if (TryRead(_pid, out _) is not { } now)
        {
            return; // gone or unreadable: keep the last figures rather than fail the run
        }

        var seconds = Stopwatch.GetElapsedTime(_previous.Timestamp, now.Timestamp).TotalSeconds;
        CurrentCpuPercent = seconds > 0 ? 100 * (now.CpuSeconds - _previous.CpuSeconds) / seconds : 0;
        _previous = now;
        if (_windowStart is not null)
        {
            _peakRssBytes = Math.Max(_peakRssBytes, now.RssBytes);
        }
    }

    /// <summary>Starts the measured window: averages and peaks count from here.</summary>
    public void BeginWindow()
    {
        Sample();
        _windowStart = _previous;
        _peakRssBytes = _previous.RssBytes;
    }

    public ProcessUsage EndWindow()
    {
        Sample();
        var start = _windowStart ?? _previous;
        var seconds = Stopwatch.GetElapsedTime(start.Timestamp, _previous.Timestamp).TotalSeconds;
        var cpu = seconds > 0 ? 100 * (_previous.CpuSeconds - start.CpuSeconds) / seconds : 0;
        return new ProcessUsage(Label, _pid, Math.Round(cpu, 1), ToMb(_peakRssBytes), ToMb(_previous.RssBytes), ToMb(start.RssBytes));
    }

    private static double ToMb(long bytes) => Math.Round(bytes / (1024.0 * 1024.0), 1);

    private static ProcReading? TryRead(int pid, out string? problem)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name is in parentheses and may hold spaces; the numeric fields start after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var utime = long.Parse(fields[11], CultureInfo.InvariantCulture); // field 14 of proc(5)
            var stime = long.Parse(fields[12], CultureInfo.InvariantCulture); // field 15
            long rssKb = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rssKb = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                    break;
                }
            }

            problem = null;
            return new ProcReading(Stopwatch.GetTimestamp(), (utime + stime) / ClockTicksPerSecond, rssKb * 1024);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            problem = $"cannot read /proc/{pid}: {e.Message}";
            return null;
        }
    }

    private readonly record struct ProcReading(long Timestamp, double CpuSeconds, long RssBytes);
}

/// <summary>A process's use over the measured window: mean CPU (% of one core) and resident memory in MiB.</summary>
public sealed record ProcessUsage(string Process, int Pid, double CpuPercent, double PeakRssMb, double EndRssMb, double StartRssMb);
