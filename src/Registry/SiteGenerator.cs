using System.Globalization;
using System.Text;

namespace Canvass.Registry;

/// <summary>
/// Generates the compounds and urban villages of a registry's communities. Compounds and urban villages have no
/// official codes, so the Shenzhen registry ships a generated site file; the seed is fixed, so every run of the
/// generator writes the same file. A larger registry generates its sites at load time instead
/// (<see cref="Generate(RegistryUnit, SiteGeneration)"/>), from settings in its manifest.
/// </summary>
public static class SiteGenerator
{
    public const ulong DefaultSeed = 20200203;

    public const string Compound = "compound";
    public const string UrbanVillage = "urbanVillage";

    // Urban villages cluster in the outer districts (Bao'an, Longgang, Longhua, Pingshan, Guangming).
    private static readonly HashSet<string> OuterDistricts = ["440306", "440307", "440309", "440310", "440311"];

    private static readonly string[] Prefixes =
    [
        "锦绣", "碧海", "华侨", "阳光", "金色", "翠湖", "银湖", "丽景", "港湾", "海滨", "皇岗", "东方", "星河", "万科", "中信",
        "天安", "百花", "景田", "莲花", "香蜜", "桃源", "海悦", "君悦", "泰然", "荔景", "松坪", "朗晴", "嘉园", "雅居", "长城",
    ];

    private static readonly string[] Suffixes = ["花园", "家园", "名苑", "公寓", "新村", "雅苑", "豪庭", "大厦", "小区", "山庄"];
    private static readonly string[] VillageSuffixes = ["老村", "新村", "一坊", "二坊", "东村", "西村", "围", "南村", "北村"];

    // Every compound name, made once: a national registry has a million sites, and each keeps its name.
    private static readonly string[] CompoundNames = [.. Prefixes.SelectMany(p => Suffixes.Select(s => p + s))];

    /// <summary>A community's sites take distinct names, so it cannot have more sites than there are names.</summary>
    public static int MaxSitesPerCommunity => CompoundNames.Length;

    /// <summary>Writes the site CSV for <paramref name="communities"/>, the lowest aggregate level of a registry.</summary>
    public static string Generate(IEnumerable<RegistryUnit> communities, ulong seed = DefaultSeed)
    {
        var random = new SplitMix64(seed);
        var csv = new StringBuilder("id,name,kind,parentId,households\n");
        foreach (var community in communities)
        {
            var outer = OuterDistricts.Contains(community.Id[..6]);
            var compounds = 1 + random.Below(outer ? 11 : 12);
            var villages = outer ? random.Below(7) + (random.Below(4) == 0 ? 1 : 0) : random.Below(3) == 0 ? 1 : 0;
            var names = new HashSet<string>();
            var number = 0;
            for (var i = 0; i < compounds + villages; i++)
            {
                var village = i >= compounds;
                var name = village ? VillageName(community.Name, random, names) : CompoundName(random, names);
                var households = village ? Households(random, median: 1050, min: 150, max: 6000) : Households(random, median: 480, min: 60, max: 4000);
                number++;
                csv.Append(CultureInfo.InvariantCulture, $"{community.Id}-{number:D3},{CsvFile.Quote(name)},{(village ? "urbanVillage" : "compound")},{community.Id},{households}\n");
            }
        }

        return csv.ToString();
    }

    /// <summary>
    /// The sites of one community: ids <c>&lt;community&gt;-001</c> upward, drawn from a generator seeded by the
    /// settings' seed and the community's id, so that a community's sites do not depend on any other row.
    /// </summary>
    public static IEnumerable<GeneratedSite> Generate(RegistryUnit community, SiteGeneration settings)
    {
        var random = new SplitMix64(settings.Seed ^ Fnv1a(community.Id));
        var range = settings.SitesPerCommunity;
        var count = range.Min + random.Below(range.Max - range.Min + 1);
        var households = settings.Households;
        HashSet<string>? taken = null;
        for (var number = 1; number <= count; number++)
        {
            var village = random.NextDouble() < settings.UrbanVillageShare;
            string name;
            if (count == 1 && !village)
            {
                name = CompoundNames[random.Below(CompoundNames.Length)];
            }
            else
            {
                taken ??= [];
                name = village ? VillageName(community.Name, random, taken) : InternedCompoundName(random, taken);
            }

            var id = UnitIds.Site(community.Id, number);
            yield return new GeneratedSite(id, name, village ? UrbanVillage : Compound, Households(random, households.Median, households.Min, households.Max));
        }
    }

    private static string InternedCompoundName(SplitMix64 random, HashSet<string> taken)
    {
        while (true)
        {
            var name = CompoundNames[random.Below(CompoundNames.Length)];
            if (taken.Add(name))
            {
                return name;
            }
        }
    }

    // FNV-1a over the id's UTF-16 code units: stable across runs and runtimes, unlike string.GetHashCode.
    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    private static string CompoundName(SplitMix64 random, HashSet<string> taken)
    {
        while (true)
        {
            var name = Prefixes[random.Below(Prefixes.Length)] + Suffixes[random.Below(Suffixes.Length)];
            if (taken.Add(name))
            {
                return name;
            }
        }
    }

    private static string VillageName(string communityName, SplitMix64 random, HashSet<string> taken)
    {
        var stem = communityName.Replace("社区居民委员会", "").Replace("居民委员会", "").Replace("社区居委会", "").Replace("居委会", "");
        foreach (var suffix in VillageSuffixes.OrderBy(_ => random.Below(1000)))
        {
            if (taken.Add(stem + suffix))
            {
                return stem + suffix;
            }
        }

        return stem + "村" + taken.Count;
    }

    // Log-normal around the median: most compounds are a few hundred households, a few are very large.
    private static int Households(SplitMix64 random, int median, int min, int max)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return (int)Math.Clamp(Math.Round(median * Math.Exp(0.6 * normal)), min, max);
    }

    /// <summary>A small PRNG with a fixed algorithm: System.Random's seeded sequence is not promised across runtimes.</summary>
    private sealed class SplitMix64(ulong state)
    {
        public ulong Next()
        {
            var z = state += 0x9E3779B97F4A7C15;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }

        public int Below(int bound) => (int)(Next() % (ulong)bound);

        public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));
    }
}

/// <summary>One generated site, before it joins the registry.</summary>
public readonly record struct GeneratedSite(string Id, string Name, string Kind, int Households);
