using Canvass.Bench.Metrics;

namespace Canvass.Bench.Output;

/// <summary>
/// Once a second: samples the probes and rewrites one status line. When the output is a file or pipe it prints
/// one line per second instead, since carriage returns would pile up unreadably there.
/// </summary>
public sealed class ProgressLine(IReadOnlyList<ProcessProbe> probes, Func<string> describe)
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);
    private readonly bool _overwrite = !Console.IsOutputRedirected;
    private int _lastLength;

    public async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Period);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                Tick();
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over; the caller prints the summary.
        }
    }

    /// <summary>Samples the probes and prints the line.</summary>
    private void Tick()
    {
        foreach (var probe in probes)
        {
            probe.Sample();
        }

        var line = describe() + string.Concat(probes.Select(p => $" | {p.Label} cpu {p.CurrentCpuPercent,3:0}% rss {p.CurrentRssBytes / 1048576.0:0}MB"));
        if (_overwrite)
        {
            // Pad over the previous line's tail; a shorter line would otherwise leave stale characters behind.
            Console.Write("\r" + line.PadRight(_lastLength));
            _lastLength = line.Length;
        }
        else
        {
            Console.WriteLine(line);
        }
    }

    /// <summary>Ends the overwritten line so that the summary starts on a fresh one.</summary>
    public void Finish()
    {
        if (_overwrite && _lastLength > 0)
        {
            Console.WriteLine();
        }
    }
}
