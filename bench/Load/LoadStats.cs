using System.Diagnostics;
using Canvass.Bench.Metrics;
using Canvass.Bench.Wire;
using Canvass.Contracts.Reports;

namespace Canvass.Bench.Load;

/// <summary>
/// What the senders have achieved. Throughput counts acknowledgements that arrive inside the measured window;
/// latency counts batches sent inside it, so warm-up batches never pollute the percentiles.
/// </summary>
public sealed class LoadStats
{
    private long _reportsSent;
    private long _batchesSent;
    private long _accepted;
    private long _duplicates;
    private long _rejected;
    private long _failedBatches;
    private long _windowAccepted;
    private long _windowDuplicates;
    private long _windowRejected;
    private long _windowBatches;
    private long _windowFailed;
    private long _maxLagTicks;
    private long _windowStart;
    private long _windowEnd = long.MaxValue;

    /// <summary>From actual send to the 200 reply.</summary>
    public LatencySamples Ack { get; } = new();

    /// <summary>From the slot the pacer scheduled to the reply: includes time spent waiting for a free sender.</summary>
    public LatencySamples AckFromSchedule { get; } = new();

    public long ReportsSent => Interlocked.Read(ref _reportsSent);
    public long BatchesSent => Interlocked.Read(ref _batchesSent);
    public long Accepted => Interlocked.Read(ref _accepted);
    public long Duplicates => Interlocked.Read(ref _duplicates);
    public long Rejected => Interlocked.Read(ref _rejected);
    public long FailedBatches => Interlocked.Read(ref _failedBatches);
    public long WindowAccepted => Interlocked.Read(ref _windowAccepted);
    public long WindowDuplicates => Interlocked.Read(ref _windowDuplicates);
    public long WindowRejected => Interlocked.Read(ref _windowRejected);
    public long WindowBatches => Interlocked.Read(ref _windowBatches);
    public long WindowFailedBatches => Interlocked.Read(ref _windowFailed);

    /// <summary>How late the latest-sent batch left after its scheduled slot, at worst (rate mode only).</summary>
    public double MaxLagMs => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _maxLagTicks)).TotalMilliseconds;

    public string? FirstError { get; private set; }
    public string? FirstRejection { get; private set; }

    public void BeginWindow(long timestamp) => Interlocked.Exchange(ref _windowStart, timestamp);

    public void EndWindow(long timestamp) => Interlocked.Exchange(ref _windowEnd, timestamp);

    public void Sent(int reports, long lagTicks)
    {
        Interlocked.Add(ref _reportsSent, reports);
        Interlocked.Increment(ref _batchesSent);
        long seen;
        while (lagTicks > (seen = Interlocked.Read(ref _maxLagTicks)) && Interlocked.CompareExchange(ref _maxLagTicks, lagTicks, seen) != seen)
        {
        }
    }

    public void Completed(BatchOutcome outcome, long scheduled, long sent, long acked)
    {
        var windowStart = Interlocked.Read(ref _windowStart);
        var inWindow = windowStart != 0 && acked >= windowStart && acked <= Interlocked.Read(ref _windowEnd);
        if (outcome.Reply is not { } reply)
        {
            Interlocked.Increment(ref _failedBatches);
            if (inWindow)
            {
                Interlocked.Increment(ref _windowFailed);
            }

            FirstError ??= outcome.Error;
            return;
        }

        Interlocked.Add(ref _accepted, reply.Accepted);
        Interlocked.Add(ref _duplicates, reply.Duplicates);
        Interlocked.Add(ref _rejected, reply.Rejected);
        if (reply.Rejected > 0 && FirstRejection is null)
        {
            FirstRejection = FindRejection(reply);
        }

        if (inWindow)
        {
            Interlocked.Add(ref _windowAccepted, reply.Accepted);
            Interlocked.Add(ref _windowDuplicates, reply.Duplicates);
            Interlocked.Add(ref _windowRejected, reply.Rejected);
            Interlocked.Increment(ref _windowBatches);
        }

        if (windowStart != 0 && sent >= windowStart)
        {
            Ack.Add(Stopwatch.GetElapsedTime(sent, acked).TotalMilliseconds);
            AckFromSchedule.Add(Stopwatch.GetElapsedTime(scheduled, acked).TotalMilliseconds);
        }
    }

    private static string FindRejection(IngestResult reply)
    {
        var first = reply.Results?.FirstOrDefault(r => r.Status == ReportStatus.Rejected);
        return first is null ? $"{reply.Rejected} rejected" : $"{first.ReportId}: {first.Error}";
    }
}
