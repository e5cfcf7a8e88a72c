using Canvass.Bench.Load;
using Canvass.Bench.Wire;

namespace Canvass.Bench.Campaign;

/// <summary>
/// One round: the senders post the whole deck flat out, one batch in flight each. Every report gets an id of its
/// own (run, round, sender, sequence) and the time it was sent, so each round replaces the last one's figures.
/// </summary>
public sealed class RoundSender(ReportClient client, HouseholdDeck deck, string runId, int round, int senders, int batch, int seed)
{
    public BatchPoster Poster { get; } = new(client);

    public Task RunAsync(CancellationToken cancel) =>
        Task.WhenAll(Enumerable.Range(0, senders).Select(sender => Task.Run(() => SendAsync(sender, cancel), CancellationToken.None)));

    private async Task SendAsync(int sender, CancellationToken cancel)
    {
        // The deck picks the households; the source only draws each report's outcome and residents and numbers its id.
        var source = new ReportSource([], $"{runId}-r{round}", sender, new Random(unchecked((((seed * 31) + round) * 1009) + sender)));
        var writer = new BatchWriter();
        var households = new List<(Registry.Site Site, int Household)>(batch);
        var reports = new List<Report>(batch);
        while (!cancel.IsCancellationRequested && deck.TryDeal(batch, households))
        {
            reports.Clear();
            var now = DateTimeOffset.UtcNow;
            foreach (var (site, household) in households)
            {
                reports.Add(source.For(site, household, now));
            }

            await Poster.PostAsync(writer.Write(reports), reports, cancel);
        }
    }
}
