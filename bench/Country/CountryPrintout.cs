using Canvass.Bench.Cli;
using Canvass.Bench.Metrics;
using Canvass.Bench.Output;

namespace Canvass.Bench.Country;

/// <summary>The country run's figures as the console shows them: one table, then the first failure and rejection.</summary>
internal static class CountryPrintout
{
    public static void Print(CountryFigures f, BenchOptions options, IReadOnlyList<ProcessUsage> processes)
    {
        static string Mb(long bytes) => Format.Count(bytes / 1048576.0);
        static string Seconds(double? s) => s is { } v ? Format.Fixed(v, 1) : "—";
        Console.WriteLine();
        Console.WriteLine($"country summary (root {f.RootId}, {Format.Count(f.Sites)} sites, {Format.Count(f.Households)} households; {options.Senders} senders x {options.Batch} reports)");
        var table = new Table("figure", "value")
            .Row("process start -> /health/ready (s)", Seconds(f.ReadySinceProcessStartSeconds))
            .Row("process start -> tree warm (s)", Seconds(f.WarmSinceProcessStartSeconds))
            .Row("server warm-up, its own clock (s)", Seconds(f.ServerWarmupSeconds))
            .Row("grains active when warm: sites / aggregates / all", $"{Format.Count(f.Warm.SiteGrains)} / {Format.Count(f.Warm.UnitGrains)} / {Format.Count(f.Warm.AllGrains)}")
            .Row("server RSS / GC heap / of it free when warm (MB)", $"{Mb(f.Warm.MemoryBytes)} / {Mb(f.Warm.GcHeapBytes)} / {Mb(f.Warm.GcFragmentationBytes)}")
            .Row("RSS per active grain when warm, whole process (bytes)", Format.Count(f.BytesPerGrainOverall))
            .Row("RSS growth per grain activated while watched (bytes)", f.BytesPerGrainWhileWarming is { } b ? Format.Count(b) : "— (bench started after the warm-up)")
            .Row("touch every site once (s)", Format.Fixed(f.TouchSeconds, 1))
            .Row("accepted / duplicate / rejected / failed batches", $"{Format.Count(f.Accepted)} / {Format.Count(f.Duplicates)} / {Format.Count(f.Rejected)} / {Format.Count(f.FailedBatches)}")
            .Row("acknowledged reports/s while touching", Format.Count(f.AcceptedPerSecond))
            .Row("batch ack p50 / p99 / max (ms)", $"{Format.Ms(f.AckLatencyMs.P50)} / {Format.Ms(f.AckLatencyMs.P99)} / {Format.Ms(f.AckLatencyMs.Max)}")
            .Row("last ack -> root accounts for all (s)", Format.Fixed(f.SettleSeconds, 1))
            .Row("grains active after touching: sites / aggregates / all", $"{Format.Count(f.Touched.SiteGrains)} / {Format.Count(f.Touched.UnitGrains)} / {Format.Count(f.Touched.AllGrains)}")
            .Row("server RSS / GC heap / of it free after touching (MB)", $"{Mb(f.Touched.MemoryBytes)} / {Mb(f.Touched.GcHeapBytes)} / {Mb(f.Touched.GcFragmentationBytes)}")
            .Row("RSS / GC heap less free growth per touched site (bytes)", $"{Format.Count(f.BytesPerTouchedSite)} / {Format.Count(f.HeapBytesPerTouchedSite)}")
            .Row("root exact", f.RootExact ? "yes" : "NO");
        Console.Write(table);
        Console.WriteLine(f.RootCheck);
        if (f.FirstError is not null)
        {
            Console.WriteLine($"first failure: {f.FirstError}");
        }

        if (f.FirstRejection is not null)
        {
            Console.WriteLine($"first rejection: {f.FirstRejection}");
        }

        Summaries.PrintProcesses(processes);
    }
}
