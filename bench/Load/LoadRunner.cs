using System.Diagnostics;
using Canvass.Bench.Registry;

namespace Canvass.Bench.Load;

/// <summary>How the senders load the server.</summary>
/// <param name="Senders">Concurrent senders; each keeps one batch in flight.</param>
/// <param name="Batch">Reports per POST.</param>
/// <param name="Rate">Reports per second over all senders; 0 sends flat out.</param>
/// <param name="ScreenedAtOffset">Added to the send time to give <c>screenedAt</c> (freshness backdates its load).</param>
/// <param name="IdPrefix">Starts every report id: the run id and the load's role.</param>
public sealed record LoadSettings(int Senders, int Batch, int Rate, TimeSpan ScreenedAtOffset, string IdPrefix);

/// <summary>
/// Runs the senders until told to stop. Batches already sent are allowed to finish, so every report the server
/// acknowledged is counted and none is cut off mid-flight.
/// </summary>
public sealed class LoadRunner(ReportClient client, IReadOnlyList<Site> sites, LoadSettings settings, int seed)
{
    private static readonly TimeSpan FailureBackoff = TimeSpan.FromMilliseconds(100);

    public LoadStats Stats { get; } = new();

    public LoadSettings Settings => settings;

    public Task RunAsync(CancellationToken stop)
    {
        var pacer = settings.Rate > 0 ? new Pacer(settings.Rate, settings.Batch) : null;
        var senders = Enumerable.Range(0, settings.Senders)
            .Select(i => Task.Run(() => SendLoopAsync(i, pacer, stop), CancellationToken.None));
        return Task.WhenAll(senders);
    }

    private async Task SendLoopAsync(int index, Pacer? pacer, CancellationToken stop)
    {
        var source = new ReportSource(sites, settings.IdPrefix, index, new Random(HashCode.Combine(seed, index)));
        var writer = new BatchWriter();
        while (!stop.IsCancellationRequested)
        {
            var scheduled = Stopwatch.GetTimestamp();
            if (pacer is not null)
            {
                scheduled = pacer.NextSlot();
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), scheduled);
                if (wait > TimeSpan.Zero && !await DelayAsync(wait, stop))
                {
                    return;
                }
            }

            var body = writer.Write(source, settings.Batch, DateTimeOffset.UtcNow + settings.ScreenedAtOffset);
            var sent = Stopwatch.GetTimestamp();
            Stats.Sent(settings.Batch, Math.Max(0, sent - scheduled));
            // Not the stop token: a batch on the wire is seen through so that its acknowledgement is counted.
            var outcome = await client.PostAsync(body, CancellationToken.None);
            Stats.Completed(outcome, scheduled, sent, Stopwatch.GetTimestamp());
            if (outcome.Reply is null && !await DelayAsync(FailureBackoff, stop))
            {
                return;
            }
        }
    }

    private static async Task<bool> DelayAsync(TimeSpan wait, CancellationToken stop)
    {
        try
        {
            await Task.Delay(wait, stop);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
