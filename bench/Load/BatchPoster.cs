using System.Diagnostics;
using Canvass.Bench.Metrics;
using Canvass.Bench.Wire;
using Canvass.Contracts.Reports;

namespace Canvass.Bench.Load;

/// <summary>
/// Posts batches whose every report must arrive, and counts their fate. A batch without a 200 is sent again (at
/// most three times): the server then answers <c>duplicate</c> for the reports an earlier try stored, which count
/// as accepted. Safe to share between senders.
/// </summary>
public sealed class BatchPoster(ReportClient client)
{
    private const int Attempts = 3;
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

    /// <summary>Residents in the accepted reports: what the figures above them must grow by.</summary>
    public long ResidentsAccepted => Interlocked.Read(ref _residents);

    public string? FirstError { get; private set; }
    public string? FirstRejection { get; private set; }

    /// <summary>Posts <paramref name="body"/>, the serialized <paramref name="reports"/>, until it gets a 200 or gives up.</summary>
    public async Task PostAsync(ReadOnlyMemory<byte> body, IReadOnlyList<Report> reports, CancellationToken cancel)
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

    private void Count(IngestResult reply, IReadOnlyList<Report> reports, bool resent)
    {
        long accepted = 0, duplicates = 0, rejected = 0, residents = 0;
        var results = reply.Results ?? [];
        for (var i = 0; i < results.Count && i < reports.Count; i++)
        {
            switch (results[i].Status)
            {
                case ReportStatus.Accepted:
                    accepted++;
                    residents += reports[i].Residents.Count;
                    break;
                case ReportStatus.Duplicate when resent:
                    // Stored by an earlier try of this batch whose reply was lost: accepted all the same.
                    accepted++;
                    residents += reports[i].Residents.Count;
                    break;
                case ReportStatus.Duplicate:
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
}
