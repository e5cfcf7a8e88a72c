namespace Canvass.Registry;

/// <summary>
/// How a manifest's <c>"sites": { "generate": { … } }</c> draws the sites of each unit of its lowest level at load
/// time. Compounds and urban villages have no official codes, and a national site file would be tens of megabytes;
/// generating is deterministic, so every process that loads the manifest gets the same sites.
/// </summary>
public sealed class SiteGeneration
{
    /// <summary>Seed of the draw; with the same seed a community always gets the same sites. Default 20200203.</summary>
    public ulong Seed { get; set; } = SiteGenerator.DefaultSeed;

    /// <summary>Sites per community, drawn uniformly from <c>min</c> to <c>max</c>. Default 1 to 2.</summary>
    public CountRange SitesPerCommunity { get; set; } = new() { Min = 1, Max = 2 };

    /// <summary>Households per site: log-normal around <c>median</c>, clamped to <c>min</c>..<c>max</c>. Default 450 (60 to 4,000).</summary>
    public HouseholdDistribution Households { get; set; } = new();

    /// <summary>The share of sites that are urban villages (the rest are compounds). Default 0.2.</summary>
    public double UrbanVillageShare { get; set; } = 0.2;

    /// <summary>Why the settings cannot generate sites, or null when they can.</summary>
    internal string? Problem() =>
        SitesPerCommunity.Min < 1 || SitesPerCommunity.Max < SitesPerCommunity.Min || SitesPerCommunity.Max > SiteGenerator.MaxSitesPerCommunity
            ? $"sites.generate.sitesPerCommunity must have 1 <= min <= max <= {SiteGenerator.MaxSitesPerCommunity}."
        : Households.Min < 1 || Households.Max < Households.Min || Households.Median < Households.Min || Households.Median > Households.Max
            ? "sites.generate.households must have 1 <= min <= median <= max."
        : UrbanVillageShare is < 0 or > 1 || double.IsNaN(UrbanVillageShare)
            ? "sites.generate.urbanVillageShare must be between 0 and 1."
        : null;
}

/// <summary>A whole-number range, both ends included.</summary>
public sealed class CountRange
{
    public int Min { get; set; }
    public int Max { get; set; }
}

/// <summary>Households of a generated site: most near the median, a few much larger.</summary>
public sealed class HouseholdDistribution
{
    /// <summary>Median households per site. Default 450: with 1.5 sites per community, about 800 households per community, China's average.</summary>
    public int Median { get; set; } = 450;

    /// <summary>Smallest site. Default 60.</summary>
    public int Min { get; set; } = 60;

    /// <summary>Largest site. Default 4,000.</summary>
    public int Max { get; set; } = 4000;
}
