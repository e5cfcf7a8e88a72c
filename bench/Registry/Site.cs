namespace Canvass.Bench.Registry;

/// <summary>One site of the registry, with the codes of the units above it derived from its community code.</summary>
public sealed record Site(string Id, string CommunityId, int Households)
{
    public const string CityId = "4403";

    /// <summary>The first 9 digits of the community code.</summary>
    public string SubdistrictId => CommunityId[..9];

    /// <summary>The first 6 digits of the community code.</summary>
    public string DistrictId => CommunityId[..6];
}
