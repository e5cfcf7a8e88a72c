using System.Diagnostics;
using System.Globalization;
using Canvass.Bench.Load;
using Canvass.Bench.Metrics;
using Canvass.Bench.Wire;

namespace Canvass.Bench.Country;

/// <summary>
/// Sends exactly one report to every site, in batches, each sender with one batch in flight. Every report screens
/// one household with 1 to 5 residents, so that the root's figures afterwards can be checked against what was sent.
/// A batch without a 200 is sent again (at most three times): the server then answers <c>duplicate</c> for the
/// reports an earlier try stored, which count as accepted.
/// </summary>
public sealed class SiteToucher(ReportClient client, IReadOnlyList<(string Id, int Households)> sites, string runId, int senders, int batch, int seed)
{
    private const int Attempts = 3;
    private long _next;
    private long _sent;
    private long _accepted;
    private long _duplicates;
    private long _rejected;
    private long _failedBatches;
    private long _retries;
    private long _residents;

    public LatencySamples Ack { get; } = new();
    public long Sent => Interlocked.Read(ref _sent);
    public long Accepted => Interlocked.Read(ref _accepted);
    public long Duplicates => Interlocked.Read(ref _duplicates);
    public long Rejected => Interlocked.Read(ref _rejected);
    public long FailedBatches => Interlocked.Read(ref _failedBatches);
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Residents in the accepted reports: what the root's resident total must grow by.</summary>
    public long ResidentsAccepted => Interlocked.Read(ref _residents);

    public string? FirstError { get; private set; }
    public string? FirstRejection { get; private set; }

    public Task RunAsync(CancellationToken cancel) =>
        Task.WhenAll(Enumerable.Range(0, senders).Select(sender => Task.Run(() => SendAsync(sender, cancel), cancel)));

    private async Task SendAsync(int sender, CancellationToken cancel)
    {
        var random = new Random(seed + sender);
        var writer = new BatchWriter();
        var reports = new List<Report>(batch);
        while (!cancel.IsCancellationRequested)
        {
            var start = Interlocked.Add(ref _next, batch) - batch;
            if (start >= sites.Count)
            {
                return;
            }

            reports.Clear();
            var now = DateTimeOffset.UtcNow;
            for (var i = (int)start; i < Math.Min(sites.Count, start + batch); i++)
            {
                var (id, households) = sites[i];
                var residents = Residents(random);
                reports.Add(new Report($"{runId}-{i.ToString(CultureInfo.InvariantCulture)}", id, 1 + random.Next(households), now,
                    "w-" + (i % 5000).ToString(CultureInfo.InvariantCulture), "screened", residents));
            }

            await PostAsync(writer.Write(reports), reports, cancel);
        }
    }

    private async Task PostAsync(ReadOnlyMemory<byte> body, List<Report> reports, CancellationToken cancel)
    {
        Interlocked.Add(ref _sent, reports.Count);
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            var outcome = await client.PostAsync(body, cancel);
            if (outcome.Reply is { } reply)
            {
                Ack.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Count(reply, reports, resent: attempt > 1);
                return;
            }

            FirstError ??= outcome.Error;
            if (cancel.IsCancellationRequested)
            {
                break;
            }

            Interlocked.Increment(ref _retries);
            await Task.Delay(TimeSpan.FromSeconds(attempt), cancel).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        Interlocked.Increment(ref _failedBatches);
    }

    private void Count(IngestReply reply, List<Report> reports, bool resent)
    {
        long accepted = 0, duplicates = 0, rejected = 0, residents = 0;
        var results = reply.Results ?? [];
        for (var i = 0; i < results.Count && i < reports.Count; i++)
        {
            switch (results[i].Status)
            {
                case "accepted":
                    accepted++;
                    residents += reports[i].Residents.Count;
                    break;
                case "duplicate" when resent:
                    // Stored by an earlier try of this batch whose reply was lost: accepted all the same.
                    accepted++;
                    residents += reports[i].Residents.Count;
                    break;
                case "duplicate":
                    duplicates++;
                    break;
                default:
                    rejected++;
                    FirstRejection ??= $"{results[i].ReportId}: {results[i].Error}";
                    break;
            }
        }

        Interlocked.Add(ref _accepted, accepted);
        Interlocked.Add(ref _duplicates, duplicates);
        Interlocked.Add(ref _rejected, rejected);
        Interlocked.Add(ref _residents, residents);
    }

    private static readonly string[][] Shapes = BuildShapes();

    private static string[] Residents(Random random) => Shapes[random.Next(Shapes.Length)];

    // Household sizes 1 to 5; one resident in about thirty flagged, as in the ingest scenario.
    private static string[][] BuildShapes()
    {
        var random = new Random(20200203);
        string[] flagged = ["fever", "keyAreaObservation", "homeQuarantine", "centralQuarantine", "suspected", "confirmed"];
        return [.. Enumerable.Range(0, 256).Select(_ =>
        {
            var size = 1 + random.Next(5);
            return Enumerable.Range(0, size).Select(_ => random.Next(100) < 97 ? "normal" : flagged[random.Next(flagged.Length)]).ToArray();
        })];
    }
}
