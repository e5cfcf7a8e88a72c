using System.Globalization;

namespace Canvass.Contracts.Units;

/// <summary>
/// How unit ids are written: an aggregate's is its division code (<c>440304005021</c>); a site's is its community's
/// code, a dash and a three-digit number (<c>440304005021-001</c>). The registry may name sites otherwise (a site file
/// gives its own ids); these rules are the ones the registry's generator and the API's examples follow.
/// </summary>
public static class UnitIds
{
    /// <summary>The id of site <paramref name="number"/> (from 1; three digits at least) of <paramref name="communityId"/>.</summary>
    public static string Site(string communityId, int number)
    {
        ArgumentException.ThrowIfNullOrEmpty(communityId);
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        return communityId + "-" + number.ToString("D3", CultureInfo.InvariantCulture);
    }
}
