using System.Globalization;
using Canvass.Bench.Registry;
using Canvass.Bench.Wire;

namespace Canvass.Bench.Load;

/// <summary>
/// Random reports for one sender: a uniform site, a uniform household within its registered count, mostly
/// screened households of mostly normal residents. Ids carry the run id so that reruns are never duplicates.
/// </summary>
public sealed class ReportSource
{
    private const int ResidentShapes = 256;
    private const int Screeners = 5000;

    private static readonly string[] Flagged = ["fever", "keyAreaObservation", "homeQuarantine", "centralQuarantine", "suspected", "confirmed"];

    private readonly IReadOnlyList<Site> _sites;
    private readonly string _idPrefix;
    private readonly Random _random;
    private readonly string[][] _residentShapes;
    private long _sequence;

    public ReportSource(IReadOnlyList<Site> sites, string runId, int sender, Random random)
    {
        _sites = sites;
        _idPrefix = $"{runId}-{sender.ToString(CultureInfo.InvariantCulture)}-";
        _random = random;
        // Drawn once: picking a ready list per report costs nothing, and 256 shapes are variety enough.
        _residentShapes = new string[ResidentShapes][];
        for (var i = 0; i < ResidentShapes; i++)
        {
            _residentShapes[i] = DrawResidents(random);
        }
    }

    public long Produced => _sequence;

    public Report Next(DateTimeOffset screenedAt)
    {
        var site = _sites[_random.Next(_sites.Count)];
        return For(site, 1 + _random.Next(site.Households), screenedAt);
    }

    /// <summary>A report of the given household, with a new id and a drawn outcome (the campaign visits each in turn).</summary>
    public Report For(Site site, int household, DateTimeOffset screenedAt)
    {
        var roll = _random.Next(100);
        var outcome = roll < 90 ? "screened" : roll < 97 ? "absent" : "refused";
        return new Report(
            ReportId: _idPrefix + (_sequence++).ToString(CultureInfo.InvariantCulture),
            SiteId: site.Id,
            Household: household,
            ScreenedAt: screenedAt,
            ScreenerId: "w-" + _random.Next(1, Screeners + 1).ToString(CultureInfo.InvariantCulture),
            Outcome: outcome,
            Residents: outcome == "screened" ? _residentShapes[_random.Next(ResidentShapes)] : []);
    }

    private static string[] DrawResidents(Random random)
    {
        // Household sizes 1..5 leaning to 2-3, as in the census; about 3% of residents flagged.
        ReadOnlySpan<int> sizeWeights = [15, 30, 30, 17, 8];
        var roll = random.Next(100);
        var size = 1;
        foreach (var weight in sizeWeights)
        {
            if ((roll -= weight) < 0)
            {
                break;
            }

            size++;
        }

        var residents = new string[size];
        for (var i = 0; i < size; i++)
        {
            residents[i] = random.Next(100) < 97 ? "normal" : Flagged[random.Next(Flagged.Length)];
        }

        return residents;
    }
}
