namespace Canvass.Registry;

/// <summary>A registry file that cannot be loaded; the message names the file and line.</summary>
public sealed class RegistryFormatException(string file, int line, string problem)
    : Exception(line > 0 ? $"{file}, line {line}: {problem}" : $"{file}: {problem}")
{
    public string File { get; } = file;

    /// <summary>1-based line number, or 0 when the problem is with the file as a whole.</summary>
    public int Line { get; } = line;
}
