using System.Diagnostics;
using Canvass.Bench.Cli;
using Canvass.Bench.Metrics;
using Canvass.Bench.Output;
using Canvass.Storage;
using Canvass.Storage.Memory;
using Canvass.Storage.PostgreSql;
using Canvass.Storage.Sqlite;

namespace Canvass.Bench.Scenarios;

/// <summary>
/// The raw append rate of each journal backend on the rows ingest writes, through the same group-commit code the
/// silo uses, with no HTTP and no grains: the ceiling that ingest with durable storage is a fraction of.
/// </summary>
public static class StorageScenario
{
    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancel)
    {
        var startedAt = DateTimeOffset.Now;
        var folder = Directory.CreateTempSubdirectory("canvass-bench-storage-");
        var backends = new List<(string Name, Func<ISiteJournal> Open)>
        {
            ("memory", () => new MemoryJournal()),
            ("sqlite", () => SqliteJournal.Open(Path.Combine(folder.FullName, "journal.db"), 50_000)),
        };
        if (options.PostgreSql is { } postgres)
        {
            backends.Add(("postgresql", () => PostgreSqlJournal.OpenAsync(postgres, 50_000, 2).GetAwaiter().GetResult()));
        }

        Console.WriteLine($"storage: {options.Senders} concurrent appenders x {options.Batch} records per append, {options.DurationSeconds:0.#} s per backend"
            + (options.PostgreSql is null ? " (add --postgres <connection string> to measure PostgreSQL too)" : ""));
        var results = new List<StorageBackendResult>();
        foreach (var (name, open) in backends)
        {
            var journal = open();
            results.Add(await MeasureAsync(name, journal, options, cancel));
            if (journal is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        folder.Delete(recursive: true);
        Console.WriteLine();
        var table = new Table("backend", "records/s", "append p50 ms", "p99 ms", "max ms");
        foreach (var r in results)
        {
            table.Row(r.Backend, Format.Count(r.RecordsPerSecond), Format.Ms(r.Append.P50), Format.Ms(r.Append.P99), Format.Ms(r.Append.Max));
        }

        Console.WriteLine(table);
        var path = ResultFile.Write(options.OutPath, "storage", startedAt, new StorageResult(options, results), ResultJson.Default.StorageResult);
        Console.WriteLine($"result: {path}");
        return 0;
    }

    private static async Task<StorageBackendResult> MeasureAsync(string name, ISiteJournal journal, BenchOptions options, CancellationToken cancel)
    {
        var latency = new LatencySamples();
        // Sites of their own per run, so that a rerun against the same database never collides with an earlier one.
        var run = DateTime.UtcNow.ToString("MMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        long records = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(options.DurationSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, options.Senders).Select(sender => Task.Run(async () =>
        {
            // Each appender is a run of sites, as a batch of ingest spreads over sites; sequences grow per site.
            var sequence = 0L;
            var site = $"bench-{run}-{name}-{sender}";
            while (Stopwatch.GetTimestamp() < deadline && !cancel.IsCancellationRequested)
            {
                var batch = new JournalRecord[options.Batch];
                for (var i = 0; i < batch.Length; i++)
                {
                    sequence++;
                    batch[i] = new JournalRecord(sequence, $"b-{sender}-{sequence}", 1 + (int)(sequence % 700), DateTime.UtcNow.Ticks, 1, 0x0102, "w-bench");
                }

                var t = Stopwatch.GetTimestamp();
                await journal.AppendAsync(site, batch, cancel);
                latency.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                Interlocked.Add(ref records, batch.Length);
            }
        }, cancel)));
        var rate = records / Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine($"  {name}: {Format.Count(rate)} records/s");
        return new StorageBackendResult(name, rate, records, latency.Summarize());
    }
}

public sealed record StorageBackendResult(string Backend, double RecordsPerSecond, long Records, LatencySummary Append);

public sealed record StorageResult(BenchOptions Options, IReadOnlyList<StorageBackendResult> Backends);
