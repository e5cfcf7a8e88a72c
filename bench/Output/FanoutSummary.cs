using System.Globalization;

namespace Canvass.Bench.Output;

/// <summary>The fanout scenario's end-of-run tables, and what makes its exit code non-zero.</summary>
public static class FanoutSummary
{
    // The figures the issue asks the scenario to be read against; printed next to the measurement, never asserted.
    private const int TargetConnections = 10_000;
    private const double TargetP99Ms = 1000;
    private const double TargetKibPerConnection = 50;

    public static void Print(FanoutResult result)
    {
        var c = result.Connections;
        var d = result.Delivery;
        Console.WriteLine();
        Console.WriteLine($"fanout summary: {Format.Count(c.Opened)}/{Format.Count(c.Requested)} connections opened in {Format.Fixed(c.OpenSeconds, 1)} s, " +
            $"{Format.Count(c.Dropped)} dropped during the run, closed in {Format.Fixed(c.CloseSeconds, 1)} s");
        var connections = new Table("connections", "value")
            .Row("requested / opened / failed", $"{Format.Count(c.Requested)} / {Format.Count(c.Opened)} / {Format.Count(c.Failed)}")
            .Row("dropped before the bench closed them", Format.Count(c.Dropped));
        if (c.ServerOpenFiles is { } files)
        {
            connections.Row("server open files at the end / limit", $"{Format.Count(files)} / {(c.ServerOpenFilesLimit is { } limit ? Format.Count(limit) : "?")}");
        }

        Console.Write(connections);
        var opening = new Table("opening (ms)", "n", "p50", "p90", "p99", "p99.9", "max", "mean");
        Summaries.AddLatency(opening, "connect + subscribe", c.OpenMs);
        Console.Write(opening);
        if (c.Exhausted is not null)
        {
            Console.WriteLine($"opening stopped: {c.Exhausted}");
        }

        if (c.FirstFailure is not null)
        {
            Console.WriteLine($"first failure to open: {c.FirstFailure}");
        }

        if (c.FirstDrop is not null)
        {
            Console.WriteLine($"first drop: {c.FirstDrop}");
        }

        Console.WriteLine();
        var pushes = new Table("pushes (measured window; one push = one frame)", "value")
            .Row("received, all connections", Format.Count(d.Pushes))
            .Row("received per second", Format.Count(d.PushesPerSecond))
            .Row("per connection: min / median / max", $"{Format.Count(d.PerConnection.MinPushes)} / {Format.Count(d.PerConnection.MedianPushes)} / {Format.Count(d.PerConnection.MaxPushes)}")
            .Row("timed / untimed (lastReportAt did not move)", $"{Format.Count(d.Timed)} / {Format.Count(d.Untimed)}")
            .Row("connections without a timed push", Format.Count(d.PerConnection.WithoutTimedPush))
            .Row("version regressions", Format.Count(d.VersionRegressions));
        Console.Write(pushes);
        Console.WriteLine();

        var latency = new Table("delivery latency (ms)", "n", "p50", "p90", "p99", "p99.9", "max", "mean");
        Summaries.AddLatency(latency, "report sent -> push received", d.SendToPushMs);
        if (result.ServerPush is { } server)
        {
            latency.Row("server: flush -> frame written", Format.Count(server.Changes), AtMost(server.P50AtMostMs), "", AtMost(server.P99AtMostMs), "", "", Format.Ms(server.MeanMs));
        }

        Console.Write(latency);
        Console.WriteLine($"per connection p99: median {Format.Ms(d.PerConnection.MedianP99Ms)}, worst {Format.Ms(d.PerConnection.WorstP99Ms)} ms; " +
            $"{Format.Count(d.PerConnection.P99OverOneSecond)} connections with p99 >= 1 s");
        Console.WriteLine("(sent = the bench wrote the batch, stamping screenedAt; received = the frame (UnitsChanged) carrying that lastReportAt reached a subscriber that had not yet seen it.");
        Console.WriteLine(" server = canvass.push.latency from /metrics, one per frame written (from the oldest change in it) rather than per timed unit; '<=' is its bucket's upper bound)");
        Console.WriteLine();

        var m = result.Memory;
        var memory = new Table("server memory (MiB)", "before", $"with {Format.Count(m.ConnectionsAtSample)} open", "per connection (KiB)")
            .Row("RSS (/proc)", Mb(m.Before.RssMb), Mb(m.After.RssMb), Kib(m.RssKibPerConnection))
            .Row("GC heap after last collection (/metrics)", Mb(m.Before.GcHeapMb), Mb(m.After.GcHeapMb), Kib(m.GcHeapKibPerConnection));
        Console.Write(memory);
        Console.WriteLine("(medians over a few seconds, both under the background load; per connection = (with - before) / connections open)");
        foreach (var (label, sample) in new[] { ("before", m.Before), ("with all open", m.After) }.Where(x => x.Item2.Collections == 0))
        {
            Console.WriteLine($"note: the server did not collect garbage while the '{label}' sample was taken; its GC heap figure is from an earlier collection.");
        }
        Console.WriteLine();

        var target = new Table("against the target", "target", "measured")
            .Row("connections held by one gateway", Format.Count(TargetConnections), Format.Count(c.Opened - c.Dropped))
            .Row("delivery p99, all pushes (ms)", $"< {Format.Count(TargetP99Ms)}", Format.Ms(d.SendToPushMs.P99))
            .Row("connections with their own p99 < 1 s", "all", $"{Format.Count(c.Opened - d.PerConnection.WithoutTimedPush - d.PerConnection.P99OverOneSecond)} of {Format.Count(c.Opened)}")
            .Row("server memory per connection, RSS (KiB)", $"< {Format.Count(TargetKibPerConnection)}", Kib(m.RssKibPerConnection));
        Console.Write(target);
        Console.WriteLine();

        Summaries.PrintLoad("background load", result.Background);
        Summaries.PrintProcesses(result.Processes);
    }

    /// <summary>Why the run does not describe a healthy server: anything here makes the exit code 1.</summary>
    public static IEnumerable<string> Problems(FanoutResult result, bool measured)
    {
        var c = result.Connections;
        if (c.Opened < c.Requested)
        {
            var untried = c.Requested - c.Opened - c.Failed;
            yield return $"{Format.Count(c.Requested - c.Opened)} of {Format.Count(c.Requested)} connections did not open: {Format.Count(c.Failed)} failed" +
                (untried > 0 ? $", {Format.Count(untried)} not tried or cut off because the run stopped" : "") + (c.Exhausted is null ? "." : $"; {c.Exhausted}.");
        }

        if (c.Dropped > 0)
        {
            yield return $"{Format.Count(c.Dropped)} connections were dropped during the run (first: {c.FirstDrop}).";
        }

        if (!measured)
        {
            yield return "the run ended before the measured window.";
        }

        if (result.Delivery.VersionRegressions > 0)
        {
            yield return $"{Format.Count(result.Delivery.VersionRegressions)} pushes went back in version.";
        }

        var load = result.Background;
        if (load.FailedBatches > 0 || load.Rejected > 0 || load.Duplicates > 0)
        {
            yield return $"the background load lost reports: {Format.Count(load.FailedBatches)} failed batches, {Format.Count(load.Rejected)} rejected, {Format.Count(load.Duplicates)} duplicates.";
        }
    }

    private static string Mb(double? mb) => mb is { } v ? Format.Fixed(v, 1) : "n/a";

    private static string Kib(double? kib) => kib is { } v ? Format.Fixed(v, 1) : "n/a";

    private static string AtMost(double? bound) => bound is { } b ? "<= " + b.ToString("0.#", CultureInfo.InvariantCulture) : "> largest bucket";
}
