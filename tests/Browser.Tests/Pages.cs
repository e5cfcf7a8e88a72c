using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Canvass.Browser.Tests;

/// <summary>Opening the views and waiting on what the DOM contract promises.</summary>
public static class Pages
{
    public static readonly TimeSpan LiveTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Opens a view signed in with a <c>#token=</c> link (see <see cref="VisitAsync"/>), waits until the connection
    /// indicator says <c>live</c>, and marks the document so that a reload would be noticed.
    /// </summary>
    public static async Task<IPage> OpenAsync(IBrowserContext context, string path, string token, ITestOutputHelper output)
    {
        var page = await VisitAsync(context, WithToken(path, token), output);
        await Assertions.Expect(Connection(page)).ToHaveAttributeAsync("data-state", "live",
            new() { Timeout = (float)LiveTimeout.TotalMilliseconds });
        await page.EvaluateAsync("() => { window.__canvassNotReloaded = true; }");
        return page;
    }

    /// <summary>The address that signs a page in: <c>path#token=…</c>.</summary>
    public static string WithToken(string path, string token) => $"{path}#token={Uri.EscapeDataString(token)}";

    /// <summary>
    /// Opens a page, copying its console errors, uncaught exceptions and failed requests to the test output; waits
    /// for nothing but the page's answer.
    /// </summary>
    public static async Task<IPage> VisitAsync(IBrowserContext context, string path, ITestOutputHelper output)
    {
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            // A failed resource is reported once, with its address, by the response handler below.
            if (message.Type is "error" or "warning" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                Write(output, $"page {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => Write(output, $"page exception: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Write(output, $"page request: {response.Request.Method} {response.Url} answered {response.Status}");
            }
        };
        var response = await page.GotoAsync(path);
        Assert.True(response is { Ok: true }, $"GET {path} answered {response?.Status}");
        return page;
    }

    public static ILocator Connection(IPage page) => page.Locator("[data-testid=connection]");

    public static ILocator ByTestId(IPage page, string testId) => page.Locator($"[data-testid={testId}]");

    /// <summary>The figure's raw number (<c>data-value</c>), as the page holds it now.</summary>
    public static Task<string?> ValueAsync(IPage page, string testId) => ByTestId(page, testId).GetAttributeAsync("data-value");

    /// <summary>Fails when the page was reloaded or navigated since <see cref="OpenAsync"/>: updates must arrive in place.</summary>
    public static async Task AssertNotReloadedAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => window.__canvassNotReloaded === true"), "the page was reloaded");

    /// <summary>Saves a screenshot to the test output folder and prints its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name, ITestOutputHelper output)
    {
        var path = TestOutput.ScreenshotPath(name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        output.WriteLine($"screenshot: {path}");
        return path;
    }

    private static void Write(ITestOutputHelper output, string line)
    {
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The page outlived the test that opened it (a late console message while closing).
        }
    }
}
