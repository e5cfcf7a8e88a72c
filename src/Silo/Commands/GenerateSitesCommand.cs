using Canvass.Registry;

namespace Canvass.Silo.Commands;

/// <summary>
/// <c>generate-sites [manifest]</c>: writes the registry's site file from its communities with the fixed seed.
/// Run from the repository root to refresh <c>data/shenzhen/shenzhen-sites.csv</c>.
/// </summary>
internal static class GenerateSitesCommand
{
    public static int Run(string[] args)
    {
        var manifest = args.Length > 0 ? Path.GetFullPath(args[0]) : FindSourceManifest();
        var registry = RegistryLoader.Load(manifest, includeSites: false);
        var communities = registry.Units.Where(u => u.Children.Count == 0 && u.Parent is not null && !u.IsSite);
        var csv = SiteGenerator.Generate(communities.OrderBy(u => u.Id, StringComparer.Ordinal));
        var path = RegistryLoader.SitesPath(manifest);
        File.WriteAllText(path, csv);
        var sites = RegistryLoader.Load(manifest).Sites;
        Console.WriteLine($"Wrote {sites.Count} sites ({sites.Count(s => s.Kind == "compound")} compounds, "
            + $"{sites.Count(s => s.Kind == "urbanVillage")} urban villages, {sites.Sum(s => s.Households):N0} households) to {path}");
        return 0;
    }

    // dotnet run starts in the project folder; the registry sources live at the repository root above it.
    private static string FindSourceManifest()
    {
        for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "data", "shenzhen", "registry.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("data/shenzhen/registry.json was not found above the working directory; pass the manifest path.");
    }
}
