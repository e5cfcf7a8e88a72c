using System.IO.Compression;
using System.Text;
using Canvass.Registry;

namespace Canvass.Grains.Tests;

public class RegistryTests
{
    private static readonly string Manifest = RegistryLoader.Resolve(new RegistryOptions().Path);

    [Fact]
    public void The_Shenzhen_registry_has_its_statistical_units_and_about_6600_sites_and_5_million_households()
    {
        var registry = RegistryLoader.Load(Manifest);
        var levels = registry.Units.GroupBy(u => u.Level).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal("4403", registry.Root.Id);
        Assert.Equal(9, levels["district"]);
        Assert.Equal(79, levels["subdistrict"]);
        Assert.Equal(788, levels["community"]);
        Assert.InRange(registry.Sites.Count(s => s.Kind == "compound"), 4500, 5100);
        Assert.InRange(registry.Sites.Count(s => s.Kind == "urbanVillage"), 1500, 2100);
        Assert.InRange(registry.Root.Households, 4_500_000, 5_500_000);
        Assert.Equal(registry.Sites.Sum(s => s.Households), registry.Root.Households);
        Assert.Matches(@"^\d{12}-\d{3}$", registry.Sites[0].Id);
        Assert.Equal(TimeSpan.FromHours(8), registry.UtcOffset);
    }

    [Fact]
    public void The_generator_reproduces_the_shipped_site_file_exactly()
    {
        var registry = RegistryLoader.Load(Manifest, includeSites: false);
        var communities = registry.Units.Where(u => u.Level == "community").OrderBy(u => u.Id, StringComparer.Ordinal);

        Assert.Equal(File.ReadAllText(RegistryLoader.SitesPath(Manifest)), SiteGenerator.Generate(communities));
    }

    [Theory]
    [InlineData("id,name,kind,parentId,households\n440303001001-001,\"A\",compound,440303001001,0\n", 2, "households '0'")]
    [InlineData("id,name,kind,parentId,households\n440303001001-001,\"A\",tower,440303001001,10\n", 2, "kind 'tower'")]
    [InlineData("id,name,kind,parentId,households\n440303001001-001,\"A\",compound,999,10\n", 2, "parent '999'")]
    [InlineData("id,name,kind,parentId,households\n440303001001-001,\"A\",compound,440303001001,10\n440303001001-001,\"B\",compound,440303001001,10\n", 3, "appears twice")]
    [InlineData("id,name,kind,households\n440303001001-001,\"A\",compound,10\n", 1, "no column 'parentId'")]
    [InlineData("id,name,kind,parentId,households\n440303001001-001,\"A,compound,440303001001,10\n", 2, "not closed")]
    public void A_bad_site_file_is_an_error_naming_file_and_line(string sites, int line, string problem)
    {
        var folder = Directory.CreateTempSubdirectory("registry-");
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(Manifest)!))
        {
            File.Copy(file, Path.Combine(folder.FullName, Path.GetFileName(file)));
        }

        var sitesPath = Path.Combine(folder.FullName, "shenzhen-sites.csv");
        File.WriteAllText(sitesPath, sites);

        var error = Assert.Throws<RegistryFormatException>(() => RegistryLoader.Load(Path.Combine(folder.FullName, "registry.json")));

        Assert.Equal(sitesPath, error.File);
        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Message);
        Assert.StartsWith($"{sitesPath}, line {line}: ", error.Message);
        folder.Delete(recursive: true);
    }

    [Fact]
    public void A_level_below_the_first_without_a_parent_column_is_an_error_not_a_level_under_the_root()
    {
        var folder = Directory.CreateTempSubdirectory("registry-");
        try
        {
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(Manifest)!))
            {
                File.Copy(file, Path.Combine(folder.FullName, Path.GetFileName(file)));
            }

            var manifest = Path.Combine(folder.FullName, "registry.json");
            var text = File.ReadAllText(manifest);
            Assert.Contains(", \"parentColumn\": \"areaCode\"", text);
            File.WriteAllText(manifest, text.Replace(", \"parentColumn\": \"areaCode\"", ""));

            var error = Assert.Throws<RegistryFormatException>(() => RegistryLoader.Load(manifest));

            Assert.Contains("levels[].parentColumn", error.Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_national_registry_has_every_level_of_the_division_codes_and_a_site_or_two_per_community()
    {
        var registry = RegistryLoader.Load("data/china/registry.json");
        var levels = registry.Units.GroupBy(u => u.Level).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal("CN", registry.Root.Id);
        Assert.Equal("country", registry.Root.Level);
        Assert.Equal(31, levels["province"]);
        Assert.Equal(342, levels["city"]);
        Assert.Equal(2_978, levels["county"]);
        Assert.Equal(41_352, levels["township"]);
        Assert.Equal(620_573, levels["community"]);
        Assert.InRange(registry.Sites.Count, 620_573, 2 * 620_573);
        Assert.InRange(registry.Root.Households / 620_573.0, 700, 900);
        Assert.Equal(registry.Sites.Count, registry.Root.SiteCount);
        Assert.All(registry.Get("440304005021").Children, s => Assert.Matches(@"^440304005021-00[12]$", s.Id));
        Assert.Equal(TimeSpan.FromMinutes(10), registry.SweepInterval);
    }

    [Fact]
    public void Generated_sites_depend_only_on_the_seed_and_their_community_and_a_gzipped_level_file_reads_like_a_plain_one()
    {
        var folder = Directory.CreateTempSubdirectory("registry-");
        try
        {
            var manifest = WriteSmallRegistry(folder.FullName, seed: 7, communities: ["110101001001", "110101001002"]);
            var fewer = WriteSmallRegistry(Path.Combine(folder.FullName, "fewer"), seed: 7, communities: ["110101001002"]);
            var reseeded = WriteSmallRegistry(Path.Combine(folder.FullName, "reseeded"), seed: 8, communities: ["110101001001", "110101001002"]);

            var registry = RegistryLoader.Load(manifest);
            var sites = Describe(registry, "110101001002");

            Assert.Equal(sites, Describe(RegistryLoader.Load(manifest), "110101001002"));
            Assert.Equal(sites, Describe(RegistryLoader.Load(fewer), "110101001002"));
            Assert.NotEqual(Describe(registry, "110101001001") + sites, Describe(RegistryLoader.Load(reseeded), "110101001001") + Describe(RegistryLoader.Load(reseeded), "110101001002"));
            Assert.Equal("多福巷社区居委会", registry.Get("110101001001").Name);
            Assert.All(registry.Sites, s => Assert.InRange(s.Households, 60, 4000));
            Assert.Throws<RegistryFormatException>(() => RegistryLoader.SitesPath(manifest));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string Describe(UnitRegistry registry, string community) =>
        string.Join(";", registry.Get(community).Children.Select(s => $"{s.Id},{s.Name},{s.Kind},{s.Households}"));

    /// <summary>A country of one province, city, county and township, with the given communities in a gzipped file.</summary>
    internal static string WriteSmallRegistry(string folder, ulong seed, string[] communities)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "provinces.csv"), "code,name\n11,\"北京市\"\n");
        File.WriteAllText(Path.Combine(folder, "cities.csv"), "code,name,provinceCode\n1101,\"市辖区\",11\n");
        File.WriteAllText(Path.Combine(folder, "counties.csv"), "code,name,cityCode\n110101,\"东城区\",1101\n");
        File.WriteAllText(Path.Combine(folder, "townships.csv"), "code,name,areaCode\n110101001,\"东华门街道\",110101\n");
        var rows = communities.Select(c => $"{c},\"{(c.EndsWith('1') ? "多福巷社区居委会" : "银闸社区居委会")}\",110101001\n");
        using (var gzip = new GZipStream(File.Create(Path.Combine(folder, "communities.csv.gz")), CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes("code,name,streetCode\n" + string.Concat(rows)));
        }

        var manifest = Path.Combine(folder, "registry.json");
        File.WriteAllText(manifest, $$"""
            {
              "root": { "id": "CN", "name": "中国", "level": "country" },
              "levels": [
                { "level": "province", "file": "provinces.csv" },
                { "level": "city", "file": "cities.csv", "parentColumn": "provinceCode" },
                { "level": "county", "file": "counties.csv", "parentColumn": "cityCode" },
                { "level": "township", "file": "townships.csv", "parentColumn": "areaCode" },
                { "level": "community", "file": "communities.csv.gz", "parentColumn": "streetCode" }
              ],
              "sites": { "generate": { "seed": {{seed}}, "sitesPerCommunity": { "min": 1, "max": 2 } } }
            }
            """);
        return manifest;
    }
}
