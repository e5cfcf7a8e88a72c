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
    private readonly BatchPoster _poster = new(client);
    private long _next;

    public LatencySamples Ack => _poster.Ack;
    public long Sent => _poster.Sent;
    public long Accepted => _poster.Accepted;
    public long Duplicates => _poster.Duplicates;
    public long Rejected => _poster.Rejected;
    public long FailedBatches => _poster.FailedBatches;
    public long Retries => _poster.Retries;

    /// <summary>Residents in the accepted reports: what the root's resident total must grow by.</summary>
    public long ResidentsAccepted => _poster.ResidentsAccepted;

    public string? FirstError => _poster.FirstError;
    public string? FirstRejection => _poster.FirstRejection;

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

            await _poster.PostAsync(writer.Write(reports), reports, cancel);
        }
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
