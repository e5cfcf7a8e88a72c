using Canvass.Bench.Registry;

namespace Canvass.Bench.Campaign;

/// <summary>
/// Every household of the campaign's sites exactly once, shuffled anew each round and dealt in batches to the
/// senders. Shuffled rather than site by site so that a batch spans many sites, as teams working in parallel send.
/// </summary>
public sealed class HouseholdDeck
{
    private readonly IReadOnlyList<Site> _sites;

    // Site index in the high half, household number in the low half: 8 bytes a household, 38 MB for the whole city.
    private readonly long[] _cards;
    private long _dealt;

    public HouseholdDeck(IReadOnlyList<Site> sites)
    {
        _sites = sites;
        _cards = new long[sites.Sum(s => (long)s.Households)];
        var next = 0;
        for (var i = 0; i < sites.Count; i++)
        {
            for (var household = 1; household <= sites[i].Households; household++)
            {
                _cards[next++] = ((long)i << 32) | (uint)household;
            }
        }
    }

    public int Count => _cards.Length;

    /// <summary>Puts every household back in a new order for the next round.</summary>
    public void Shuffle(int seed)
    {
        new Random(seed).Shuffle(_cards);
        Interlocked.Exchange(ref _dealt, 0);
    }

    /// <summary>The next <paramref name="batch"/> households (fewer at the end) into <paramref name="into"/>; false when all were dealt.</summary>
    public bool TryDeal(int batch, List<(Site Site, int Household)> into)
    {
        into.Clear();
        var start = Interlocked.Add(ref _dealt, batch) - batch;
        for (var i = start; i < Math.Min(_cards.Length, start + batch); i++)
        {
            var card = _cards[i];
            into.Add((_sites[(int)(card >> 32)], (int)(card & 0xFFFF_FFFF)));
        }

        return into.Count > 0;
    }
}
