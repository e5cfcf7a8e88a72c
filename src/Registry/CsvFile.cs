using System.Text;

namespace Canvass.Registry;

/// <summary>Reads the simple CSV of the statistical division files: a header, commas, optional double quotes. Public for the bench, which reads the site file without loading a registry.</summary>
public static class CsvFile
{
    public static IEnumerable<(int Line, string[] Fields)> Read(string path)
    {
        var line = 0;
        foreach (var text in File.ReadLines(path, Encoding.UTF8))
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            yield return (line, Split(text, path, line));
        }
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
