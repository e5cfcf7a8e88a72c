using System.Globalization;
using System.Text;

namespace Canvass.Bench.Registry;

/// <summary>Reads the sites CSV (<c>id,name,kind,parentId,households</c>); names are quoted and may hold commas.</summary>
public static class SitesCsv
{
    private const string DefaultRelativePath = "data/shenzhen/shenzhen-sites.csv";

    /// <summary>The given path, or the registry file found walking up from the current directory.</summary>
    public static string Locate(string? path)
    {
        if (path is not null)
        {
            return File.Exists(path) ? Path.GetFullPath(path) : throw new FileNotFoundException($"sites file '{path}' does not exist.");
        }

        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, DefaultRelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"no {DefaultRelativePath} in the current directory or above it; pass --sites.");
    }

    public static IReadOnlyList<Site> Read(string path)
    {
        var sites = new List<Site>();
        using var reader = new StreamReader(path, Encoding.UTF8);
        var header = reader.ReadLine() ?? throw new FormatException($"{path} is empty.");
        var columns = Split(header);
        var id = Column(columns, "id", path);
        var parent = Column(columns, "parentId", path);
        var households = Column(columns, "households", path);

        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = Split(line);
            if (fields.Count != columns.Count
                || !int.TryParse(fields[households], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                || fields[parent].Length < 9)
            {
                throw new FormatException($"{path}:{lineNumber}: not a site row: {line}");
            }

            // A site without households cannot take a report; keep it out of the draw.
            if (count > 0)
            {
                sites.Add(new Site(fields[id], fields[parent], count));
            }
        }

        return sites.Count > 0 ? sites : throw new FormatException($"{path} has no sites with households.");
    }

    private static int Column(List<string> columns, string name, string path)
    {
        var index = columns.IndexOf(name);
        return index >= 0 ? index : throw new FormatException($"{path} has no '{name}' column.");
    }

    /// <summary>RFC 4180 fields of one line: quotes group, doubled quotes escape.</summary>
    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
