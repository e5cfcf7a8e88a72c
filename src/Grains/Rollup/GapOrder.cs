using Canvass.Abstractions.Units;

namespace Canvass.Grains.Rollup;

/// <summary>Worst gap first: stale sites, then lowest coverage, then id so that the order is stable.</summary>
internal sealed class GapOrder : IComparer<UnitSummary>
{
    public static GapOrder Instance { get; } = new();

    public int Compare(UnitSummary? x, UnitSummary? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var stale = y.StaleSites.CompareTo(x.StaleSites);
        if (stale != 0)
        {
            return stale;
        }

        var coverage = ((double)x.ScreenedHouseholds / Math.Max(1, x.RegisteredHouseholds))
            .CompareTo((double)y.ScreenedHouseholds / Math.Max(1, y.RegisteredHouseholds));
        return coverage != 0 ? coverage : string.CompareOrdinal(x.Id, y.Id);
    }
}
