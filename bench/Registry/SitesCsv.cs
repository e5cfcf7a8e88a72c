using System.Globalization;
using Canvass.Registry;

namespace Canvass.Bench.Registry;

/// <summary>Reads the sites CSV (<c>id,name,kind,parentId,households</c>); names are quoted and may hold commas.</summary>
public static class SitesCsv
{
    private const string DefaultRelativePath = "data/shenzhen/shenzhen-sites.csv";

    /// <summary>The given path, or the registry's site file found walking up from the current directory.</summary>
    public static string Locate(string? path) => RepositoryFile.Locate(path, DefaultRelativePath, "--sites");

    public static IReadOnlyList<Site> Read(string path)
    {
        var sites = new List<Site>();
        using var rows = CsvFile.Read(path).GetEnumerator();
        var columns = rows.MoveNext() ? rows.Current.Fields : throw new FormatException($"{path} is empty.");
        var id = Column(columns, "id", path);
        var parent = Column(columns, "parentId", path);
        var households = Column(columns, "households", path);
        while (rows.MoveNext())
        {
            var (lineNumber, fields) = rows.Current;
            if (fields.Length != columns.Length
                || !int.TryParse(fields[households], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                || fields[parent].Length < 9)
            {
                throw new FormatException($"{path}:{lineNumber}: not a site row.");
            }

            // A site without households cannot take a report; keep it out of the draw.
            if (count > 0)
            {
                sites.Add(new Site(fields[id], fields[parent], count));
            }
        }

        return sites.Count > 0 ? sites : throw new FormatException($"{path} has no sites with households.");
    }

    private static int Column(string[] columns, string name, string path)
    {
        var index = Array.IndexOf(columns, name);
        return index >= 0 ? index : throw new FormatException($"{path} has no '{name}' column.");
    }
}
