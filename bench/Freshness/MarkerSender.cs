using System.Diagnostics;
using System.Globalization;
using Canvass.Bench.Load;
using Canvass.Bench.Registry;
using Canvass.Bench.Wire;

namespace Canvass.Bench.Freshness;

/// <summary>
/// Posts one marker every interval to the marker site, each to the next household and stamped now (later than the
/// one before). One at a time: the next is sent only after the previous reply, so a marker can never overtake it.
/// </summary>
public sealed class MarkerSender(ReportClient client, Site site, string runId, MarkerLog log, TimeSpan interval, int count)
{
    private static readonly string[] OneResident = ["normal"];

    /// <summary>Markers that left more than half an interval after their slot because an earlier reply was slow.</summary>
    public int Late { get; private set; }

    public async Task RunAsync(CancellationToken cancel)
    {
        var writer = new BatchWriter();
        var start = Stopwatch.GetTimestamp();
        var previous = DateTimeOffset.MinValue;
        for (var i = 0; i < count && !cancel.IsCancellationRequested; i++)
        {
            var due = start + (long)(i * interval.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero && !await Scenarios.Phases.WaitAsync(wait.TotalSeconds, cancel))
            {
                break;
            }

            if (-wait > interval / 2)
            {
                Late++;
            }

            // Strictly increasing even if the clock stalls, so each marker has its own threshold.
            var now = DateTimeOffset.UtcNow;
            var screenedAt = now > previous ? now : previous.AddTicks(1);
            previous = screenedAt;
            var report = new Report(
                ReportId: $"{runId}-m-{i.ToString(CultureInfo.InvariantCulture)}",
                SiteId: site.Id,
                // A fresh household each time where the site has enough; the threshold test does not need it.
                Household: 1 + (i % site.Households),
                ScreenedAt: screenedAt,
                ScreenerId: "bench-marker",
                Outcome: "screened",
                Residents: OneResident);
            var body = writer.WriteOne(report);
            log.Issue(i, screenedAt, Stopwatch.GetTimestamp());
            var outcome = await client.PostAsync(body, CancellationToken.None);
            log.Acknowledged(i, Stopwatch.GetTimestamp(), outcome.Reply is { Accepted: 1 });
            if (outcome.Reply is not { Accepted: 1 })
            {
                Error ??= outcome.Error ?? outcome.Reply?.Results?.FirstOrDefault()?.Error ?? "not accepted";
            }
        }
    }

    /// <summary>Why the first marker that was not accepted failed.</summary>
    public string? Error { get; private set; }
}
