using System.Globalization;

namespace Canvass.Browser.Tests;

/// <summary>Sites of the shipped Shenzhen registry (the build copies <c>data/</c> beside the tests).</summary>
public static class Registry
{
    public sealed record Site(string Id, string CommunityId, int Households);

    private static readonly Lazy<IReadOnlyList<Site>> All = new(() =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "data", "shenzhen", "shenzhen-sites.csv")).Skip(1)
            .Select(line => line.Split(','))
            .Select(f => new Site(f[0], f[^2], int.Parse(f[^1], CultureInfo.InvariantCulture)))
            .ToArray());

    public static IReadOnlyList<Site> Sites => All.Value;

    /// <summary>The first site of the n-th community (in file order), so that tests use different communities.</summary>
    public static Site OfCommunity(int n) => Sites.GroupBy(s => s.CommunityId).ElementAt(n).First();
}
