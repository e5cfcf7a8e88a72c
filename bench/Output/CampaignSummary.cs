using Canvass.Bench.Campaign;
using Canvass.Bench.Scenarios;

namespace Canvass.Bench.Output;

/// <summary>The campaign's line per round as it ends, and its table across rounds and verdicts at the end.</summary>
public static class CampaignSummary
{
    public static void PrintRound(RoundFigures r, int rounds)
    {
        var restart = r.Restart is { } s ? $" | restart: ready {Format.Fixed(s.KillToReadySeconds, 1)} s, exact {Seconds(s.KillToExactSeconds)}" : "";
        Console.WriteLine($"round {r.Round}/{rounds}: {Format.Count(r.Accepted)} accepted in {Format.Fixed(r.Seconds, 1)} s = {Format.Count(r.ReportsPerSecond)}/s (ack p99 {Format.Ms(r.AckMs.P99)} ms)"
            + $" | rss {Mb(r.RssMb)} MB, gc heap {Mb(r.GcHeapMb)} MB | journal {Mb(r.JournalBytes)} MB, snapshots {Mb(r.SnapshotBytes)} MB{restart}");
    }

    public static void Print(CampaignResult result)
    {
        Console.WriteLine();
        Console.WriteLine($"campaign summary: unit {result.UnitId}, {Format.Count(result.Sites)} sites, {Format.Count(result.HouseholdsPerRound)} households a round, "
            + $"{result.Rounds.Count} rounds; {result.Options.Senders} senders x {result.Options.Batch} reports, flat out; journal before the first round {Mb(result.Initial.DiskBytes)} MB");
        var table = new Table("round", "accepted", "reports/s", "ack p99 ms", "cpu µs/rpt", "load", "rss MB", "gc heap MB", "journal MB", "snapshots MB", "B/report", "ready s", "exact s");
        var accepted = 0L;
        foreach (var r in result.Rounds)
        {
            accepted += r.Accepted;
            var perReport = r.JournalBytes is { } bytes && result.Initial.DiskBytes is { } initial && accepted > 0 ? Format.Count((bytes - initial) / (double)accepted) : "—";
            table.Row(r.Round.ToString(System.Globalization.CultureInfo.InvariantCulture), Format.Count(r.Accepted), Format.Count(r.ReportsPerSecond), Format.Ms(r.AckMs.P99),
                r.ServerCpuMicrosecondsPerReport is { } cpu ? Format.Fixed(cpu, 1) : "—", r.MachineLoad is { } load ? Format.Fixed(load, 1) : "—", Mb(r.RssMb), Mb(r.GcHeapMb), Mb(r.JournalBytes), Mb(r.SnapshotBytes), perReport,
                r.Restart is { } s ? Format.Fixed(s.KillToReadySeconds, 1) : "—", Seconds(r.Restart?.KillToExactSeconds));
        }

        Console.Write(table);
        Console.WriteLine("(load: the machine's 1-minute load average as the round's sending ended; B/report: the journal's growth since before the first round");
        Console.WriteLine(" over the reports accepted since; ready and exact: seconds from SIGKILL, the new process's start included)");
        Console.WriteLine();
        var verdicts = new Table("target", "measured", "met");
        foreach (var v in result.Verdicts)
        {
            verdicts.Row(v.Target, v.Measured, v.Met switch { true => "yes", false => "NO", null => "—" });
        }

        Console.Write(verdicts);
    }

    private static string Mb(double? mib) => mib is { } v ? Format.Count(v) : "—";

    private static string Mb(long? bytes) => bytes is { } b ? Format.Count(b / 1048576.0) : "—";

    private static string Seconds(double? s) => s is { } v ? Format.Fixed(v, 1) : "—";
}
