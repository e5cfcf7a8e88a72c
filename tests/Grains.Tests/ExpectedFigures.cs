using Canvass.Abstractions.Screening;
using Canvass.Abstractions.Units;
using Canvass.Registry;

namespace Canvass.Grains.Tests;

/// <summary>
/// The figures every unit should show, computed independently of the grains: the latest report of each household,
/// summed over the registry's tree.
/// </summary>
internal sealed class ExpectedFigures
{
    private readonly Dictionary<(string Site, int Household), (SiteReport Report, string SiteId)> _latest = [];

    public void Add(string siteId, SiteReport report)
    {
        var key = (siteId, report.Household);
        if (!_latest.TryGetValue(key, out var held) || report.ScreenedAt > held.Report.ScreenedAt)
        {
            _latest[key] = (report, siteId);
        }
    }

    public IEnumerable<string> ReportedSites => _latest.Keys.Select(k => k.Site).Distinct();

    /// <summary>The expected summary figures of <paramref name="unit"/>, given which sites are fresh.</summary>
    public (long Screened, long Absent, long Refused, ResidentCounts Residents, int StaleSites) For(RegistryUnit unit, Func<string, bool> isFresh)
    {
        var inside = SitesBelow(unit).Select(s => s.Id).ToHashSet();
        long screened = 0, absent = 0, refused = 0;
        var residents = new long[ResidentCounts.StatusCount];
        foreach (var (report, siteId) in _latest.Values.Where(v => inside.Contains(v.SiteId)))
        {
            switch (report.Outcome)
            {
                case ScreeningOutcome.Screened:
                    screened++;
                    report.Residents.AddTo(residents);
                    break;
                case ScreeningOutcome.Absent:
                    absent++;
                    break;
                default:
                    refused++;
                    break;
            }
        }

        var stale = inside.Count(id => !isFresh(id));
        return (screened, absent, refused, ResidentCounts.From(residents), stale);
    }

    public static bool Matches(UnitSummary summary, (long Screened, long Absent, long Refused, ResidentCounts Residents, int StaleSites) expected) =>
        summary.ScreenedHouseholds == expected.Screened
        && summary.AbsentHouseholds == expected.Absent
        && summary.RefusedHouseholds == expected.Refused
        && summary.Residents == expected.Residents
        && summary.StaleSites == expected.StaleSites;

    private static IEnumerable<RegistryUnit> SitesBelow(RegistryUnit unit) =>
        unit.IsSite ? [unit] : unit.Children.SelectMany(SitesBelow);
}
