using System.Globalization;
using System.Text.Json;
using Canvass.Abstractions.Units;

namespace Canvass.Registry;

/// <summary>Loads a registry from its manifest and CSV files, failing with the file and line of the first problem.</summary>
public static class RegistryLoader
{
    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip };

    /// <summary>The site file a manifest names, resolved; an error for a manifest that generates its sites.</summary>
    public static string SitesPath(string manifestPath)
    {
        manifestPath = Resolve(manifestPath);
        var sites = ReadManifest(manifestPath).Sites;
        return sites?.Generate is null
            ? Path.Combine(Path.GetDirectoryName(manifestPath)!, Required(sites?.File, manifestPath, "sites"))
            : throw new RegistryFormatException(manifestPath, 0, "the manifest generates its sites at load time; it names no site file.");
    }

    /// <summary>Resolves a configured path: absolute as given, else against the application folder, else the working directory.</summary>
    public static string Resolve(string path)
    {
        if (Path.IsPathRooted(path))
        {
            return path;
        }

        var beside = Path.Combine(AppContext.BaseDirectory, path);
        return File.Exists(beside) ? beside : Path.GetFullPath(path);
    }

    /// <summary>Loads the registry; without <paramref name="includeSites"/> only the aggregate levels (to generate sites).</summary>
    public static UnitRegistry Load(string manifestPath, bool includeSites = true)
    {
        manifestPath = Resolve(manifestPath);
        if (!File.Exists(manifestPath))
        {
            throw new RegistryFormatException(manifestPath, 0, "the registry manifest does not exist (set Registry:Path).");
        }

        var manifest = ReadManifest(manifestPath);
        var folder = Path.GetDirectoryName(manifestPath)!;
        var offset = ParseOffset(manifest.UtcOffset, manifestPath);
        var rootSpec = manifest.Root!;
        var root = new RegistryUnit(
            Required(rootSpec.Id, manifestPath, "root.id"),
            Required(rootSpec.Name, manifestPath, "root.name"),
            Required(rootSpec.Level, manifestPath, "root.level"),
            parent: null, kind: null, households: 0);
        var units = new Dictionary<string, RegistryUnit>(StringComparer.Ordinal) { [root.Id] = root };

        var lowest = new List<RegistryUnit> { root };
        foreach (var level in manifest.Levels ?? [])
        {
            // Only the first level may hang under the root without a parent column: below it, a missing one is a typo.
            if (lowest.Count > 1 || lowest[0] != root)
            {
                Required(level.ParentColumn, manifestPath, "levels[].parentColumn");
            }

            lowest = LoadLevel(Path.Combine(folder, Required(level.File, manifestPath, "levels[].file")), level, root, units);
        }

        if (includeSites)
        {
            if (manifest.Sites?.Generate is { } generation)
            {
                GenerateSites(generation, lowest, units, manifestPath);
            }
            else
            {
                LoadSites(Path.Combine(folder, Required(manifest.Sites?.File, manifestPath, "sites")), units);
            }
        }

        if (manifest.SweepInterval is { } sweep && sweep < TimeSpan.FromMinutes(1))
        {
            throw new RegistryFormatException(manifestPath, 0, $"sweepInterval {sweep} is shorter than a minute, the shortest reminder period.");
        }

        return new UnitRegistry(manifest.Name ?? root.Name, offset, root, units, manifest.SweepInterval);
    }

    private static RegistryManifest ReadManifest(string path)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<RegistryManifest>(File.ReadAllText(path), ManifestJson);
            if (manifest?.Root is null)
            {
                throw new RegistryFormatException(path, 0, "the manifest has no \"root\".");
            }

            return manifest;
        }
        catch (JsonException e)
        {
            throw new RegistryFormatException(path, (int)(e.LineNumber ?? -1) + 1, "the manifest is not valid JSON: " + e.Message);
        }
    }

    /// <summary>Loads one level's file; returns its units in file order.</summary>
    private static List<RegistryUnit> LoadLevel(string path, ManifestLevel spec, RegistryUnit root, Dictionary<string, RegistryUnit> units)
    {
        var loaded = new List<RegistryUnit>();
        var levelName = Required(spec.Level, path, "level");
        using var rows = Rows(path).GetEnumerator();
        var header = Header(rows, path);
        var code = Column(header, "code", path);
        var name = Column(header, "name", path);
        // A level without a parent column (the provinces of a country) hangs under the root.
        var parentColumn = spec.ParentColumn;
        var parent = parentColumn is null ? -1 : Column(header, parentColumn, path);

        while (rows.MoveNext())
        {
            var (line, fields) = rows.Current;
            var id = Field(fields, code, "code", path, line);
            var parentUnit = parent < 0 ? root : Parent(units, Field(fields, parent, parentColumn!, path, line), path, line);
            var unit = new RegistryUnit(id, Field(fields, name, "name", path, line), levelName, parentUnit, null, 0);
            Add(units, unit, path, line);
            loaded.Add(unit);
        }

        return loaded;
    }

    private static void GenerateSites(SiteGeneration generation, List<RegistryUnit> communities, Dictionary<string, RegistryUnit> units, string manifestPath)
    {
        if (generation.Problem() is { } problem)
        {
            throw new RegistryFormatException(manifestPath, 0, problem);
        }

        units.EnsureCapacity(units.Count + communities.Count * generation.SitesPerCommunity.Max);
        foreach (var community in communities)
        {
            foreach (var site in SiteGenerator.Generate(community, generation))
            {
                Add(units, new RegistryUnit(site.Id, site.Name, UnitLevels.Site, community, site.Kind, site.Households), manifestPath, 0);
            }
        }
    }

    private static void LoadSites(string path, Dictionary<string, RegistryUnit> units)
    {
        using var rows = Rows(path).GetEnumerator();
        var header = Header(rows, path);
        var id = Column(header, "id", path);
        var name = Column(header, "name", path);
        var kind = Column(header, "kind", path);
        var parent = Column(header, "parentId", path);
        var households = Column(header, "households", path);

        while (rows.MoveNext())
        {
            var (line, fields) = rows.Current;
            // One string per kind, not one per row.
            var siteKind = Field(fields, kind, "kind", path, line) switch
            {
                SiteGenerator.Compound => SiteGenerator.Compound,
                SiteGenerator.UrbanVillage => SiteGenerator.UrbanVillage,
                var other => throw new RegistryFormatException(path, line, $"kind '{other}' is neither 'compound' nor 'urbanVillage'."),
            };

            var count = Field(fields, households, "households", path, line);
            if (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var householdCount) || householdCount < 1)
            {
                throw new RegistryFormatException(path, line, $"households '{count}' is not a whole number of at least 1.");
            }

            var parentUnit = Parent(units, Field(fields, parent, "parentId", path, line), path, line);
            if (parentUnit.IsSite)
            {
                throw new RegistryFormatException(path, line, $"parent '{parentUnit.Id}' is itself a site.");
            }

            var site = new RegistryUnit(Field(fields, id, "id", path, line), Field(fields, name, "name", path, line), UnitLevels.Site, parentUnit, siteKind, householdCount);
            Add(units, site, path, line);
        }
    }

    private static IEnumerable<(int Line, string[] Fields)> Rows(string path) =>
        File.Exists(path) ? CsvFile.Read(path) : throw new RegistryFormatException(path, 0, "the file named by the manifest does not exist.");

    private static string[] Header(IEnumerator<(int Line, string[] Fields)> rows, string path) =>
        rows.MoveNext() ? rows.Current.Fields : throw new RegistryFormatException(path, 1, "the file is empty; a header row is expected.");

    private static int Column(string[] header, string name, string path)
    {
        var index = Array.IndexOf(header, name);
        return index >= 0 ? index : throw new RegistryFormatException(path, 1, $"the header has no column '{name}'.");
    }

    private static string Field(string[] fields, int index, string column, string path, int line)
    {
        var value = index < fields.Length ? fields[index].Trim() : "";
        return value.Length > 0 ? value : throw new RegistryFormatException(path, line, $"column '{column}' is empty.");
    }

    private static RegistryUnit Parent(Dictionary<string, RegistryUnit> units, string parentId, string path, int line) =>
        units.TryGetValue(parentId, out var parent)
            ? parent
            : throw new RegistryFormatException(path, line, $"parent '{parentId}' is not defined by the root or an earlier level.");

    private static void Add(Dictionary<string, RegistryUnit> units, RegistryUnit unit, string path, int line)
    {
        if (!units.TryAdd(unit.Id, unit))
        {
            throw new RegistryFormatException(path, line, $"id '{unit.Id}' appears twice.");
        }

        unit.Parent!.AddChild(unit);
    }

    private static string Required(string? value, string path, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new RegistryFormatException(path, 0, $"the manifest has no \"{field}\".") : value;

    private static TimeSpan ParseOffset(string? text, string path)
    {
        if (text is null)
        {
            return TimeSpan.Zero;
        }

        var sign = text.StartsWith('-') ? -1 : 1;
        return TimeSpan.TryParseExact(text.TrimStart('+', '-'), @"hh\:mm", CultureInfo.InvariantCulture, out var offset)
            ? sign * offset
            : throw new RegistryFormatException(path, 0, $"utcOffset '{text}' is not of the form +hh:mm.");
    }
}
