using System.IO.Compression;
using System.Text;

namespace Canvass.Registry;

/// <summary>
/// Reads the simple CSV of the statistical division files: a header, commas, optional double quotes. A file whose
/// name ends in <c>.gz</c> is decompressed as it is read, so that large level files can ship compressed. Public for
/// the bench, which reads the site file without loading a registry.
/// </summary>
public static class CsvFile
{
    public static IEnumerable<(int Line, string[] Fields)> Read(string path)
    {
        using var reader = OpenText(path);
        var line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            yield return (line, Split(text, path, line));
        }
    }

    /// <summary>The file as UTF-8 text, gunzipped when its name ends in <c>.gz</c>.</summary>
    public static StreamReader OpenText(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        return new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
    }

    private static string[] Split(string text, string path, int line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
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

        if (quoted)
        {
            throw new RegistryFormatException(path, line, "a quoted field is not closed.");
        }

        fields.Add(field.ToString());
        return [.. fields];
    }

    public static string Quote(string value) => "\"" + value.Replace("\"", "\"\"") + "\"";
}
