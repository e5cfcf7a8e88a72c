namespace Canvass.Browser.Tests;

/// <summary>Where screenshots and measured timings go: <c>browser-output/</c> in the test's output folder.</summary>
public static class TestOutput
{
    public static string Folder { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "browser-output")).FullName;

    public static string Screenshots { get; } = Directory.CreateDirectory(Path.Combine(Folder, "screenshots")).FullName;

    public static string ScreenshotPath(string name) => Path.Combine(Screenshots, name + ".png");

    /// <summary>Appends lines to a text file in the output folder and returns its path.</summary>
    public static string Append(string file, IEnumerable<string> lines)
    {
        var path = Path.Combine(Folder, file);
        File.AppendAllLines(path, lines);
        return path;
    }
}
