namespace Canvass.Bench.Registry;

/// <summary>Finds one of the repository's data files, so that the bench runs from the repository root or below it.</summary>
public static class RepositoryFile
{
    /// <summary>The given path, or <paramref name="defaultRelativePath"/> found walking up from the current directory.</summary>
    /// <exception cref="FileNotFoundException">Neither exists; the message names <paramref name="option"/>.</exception>
    public static string Locate(string? path, string defaultRelativePath, string option)
    {
        if (path is not null)
        {
            return File.Exists(path) ? Path.GetFullPath(path) : throw new FileNotFoundException($"{option} '{path}' does not exist.");
        }

        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, defaultRelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"no {defaultRelativePath} in the current directory or above it; pass {option}.");
    }
}
