using Microsoft.Playwright;

namespace Canvass.Browser.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright's own driver (shipped in the NuGet package). Playwright's browser download
/// is never used: the executable is given, and a missing one fails the tests rather than skipping them.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"{ExecutablePath} is missing: the browser tests need Debian's chromium and a CJK font " +
                "(apt-get install -y chromium fonts-wqy-microhei; .ci/run installs them).");
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Timeout = 60_000,
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
