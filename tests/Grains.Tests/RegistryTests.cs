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
}
