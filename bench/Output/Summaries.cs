using Canvass.Bench.Metrics;

namespace Canvass.Bench.Output;

/// <summary>The end-of-run tables both scenarios print.</summary>
public static class Summaries
{
    public static void PrintLoad(string title, LoadFigures load)
    {
        Console.WriteLine(title);
        var counts = new Table("reports", "value")
            .Row("measured window (s)", Format.Fixed(load.MeasuredSeconds, 1))
            .Row("acknowledged reports/s", Format.Count(load.AckedPerSecond))
            .Row("accepted in window", Format.Count(load.WindowAccepted))
            .Row("batches / reports sent (whole run)", $"{Format.Count(load.BatchesSent)} / {Format.Count(load.ReportsSent)}")
            .Row("accepted / duplicate / rejected", $"{Format.Count(load.Accepted)} / {Format.Count(load.Duplicates)} / {Format.Count(load.Rejected)}")
            .Row("failed batches (no 200)", Format.Count(load.FailedBatches));
        if (load.MaxSendLagMs is { } lag)
        {
            counts.Row("worst send lag behind schedule (ms)", Format.Ms(lag));
        }

        Console.Write(counts);
        Console.WriteLine();

        var latency = new Table("batch ack latency (ms)", "n", "p50", "p90", "p99", "p99.9", "max", "mean");
        AddLatency(latency, "send -> 200", load.AckLatencyMs);
        if (load.AckFromScheduleMs is { } scheduled)
        {
            AddLatency(latency, "scheduled -> 200", scheduled);
        }

        Console.Write(latency);
        if (load.FirstError is not null)
        {
            Console.WriteLine($"first failure: {load.FirstError}");
        }

        if (load.FirstRejection is not null)
        {
            Console.WriteLine($"first rejection: {load.FirstRejection}");
        }
    }

    public static void AddLatency(Table table, string label, LatencySummary s) =>
        table.Row(label, Format.Count(s.Count), Format.Ms(s.P50), Format.Ms(s.P90), Format.Ms(s.P99), Format.Ms(s.P999), Format.Ms(s.Max), Format.Ms(s.Mean));

    public static void PrintProcesses(IReadOnlyList<ProcessUsage> processes)
    {
        if (processes.Count == 0)
        {
            return;
        }

        Console.WriteLine();
        var table = new Table("process (measured window)", "pid", "cpu % of 1 core", "rss start MB", "rss peak MB", "rss end MB");
        foreach (var p in processes)
        {
            table.Row(p.Process, p.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), Format.Fixed(p.CpuPercent, 0), Format.Fixed(p.StartRssMb, 0), Format.Fixed(p.PeakRssMb, 0), Format.Fixed(p.EndRssMb, 0));
        }

        Console.Write(table);
        Console.WriteLine($"({Environment.ProcessorCount} cores on this machine: {Environment.ProcessorCount * 100}% is all of them)");
    }

    public static void PrintServerCost(ServerCost? cost)
    {
        if (cost is null)
        {
            return;
        }

        Console.WriteLine();
        Console.Write(new Table("server, per acknowledged report (its /metrics)", "value")
            .Row("CPU time (µs)", Format.Fixed(cost.CpuMicrosecondsPerReport, 1))
            .Row("allocated (bytes)", Format.Count(cost.AllocatedBytesPerReport))
            .Row("GC pause (% of the window)", Format.Fixed(cost.GcPausePercent, 1))
            .Row("GCs gen0 / gen1 / gen2", $"{cost.Gen0Collections} / {cost.Gen1Collections} / {cost.Gen2Collections}"));
    }
}
