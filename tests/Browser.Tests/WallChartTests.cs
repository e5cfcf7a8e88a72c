using System.Net.Http.Json;
using System.Text.Json;
using Canvass.Gateway.Auth;
using Canvass.TestSupport;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Canvass.Browser.Tests;

/// <summary>The wall's coverage chart draws the provisional points of the history by screening time apart.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WallChartTests(BrowserCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task The_wall_chart_draws_each_provisional_point_as_a_marked_point_on_a_dashed_line_with_a_legend()
    {
        var site = Registry.OfCommunity(21);
        // Screened twenty minutes ago, uploaded now: the history by screening time has a point back then.
        var report = Reports.Screened(site.Id, household: 1);
        report["screenedAt"] = Reports.At(DateTimeOffset.UtcNow.AddMinutes(-20));
        await Reports.PostAcceptedAsync(cluster.Http, "/api/reports", report);
        // The recorder writes at each minute boundary: ask until the community's history holds the point.
        var history = await Eventually.UntilAsync(
            () => cluster.Http.GetFromJsonAsync<JsonElement>($"/api/units/{site.CommunityId}/history"),
            h => h.EnumerateArray().Any(p => p.GetProperty("provisional").GetBoolean() && p.GetProperty("summary").GetProperty("screenedHouseholds").GetInt64() > 0),
            "a provisional point in the community's history", TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(1));
        var provisional = history.EnumerateArray().Count(p => p.GetProperty("provisional").GetBoolean());

        await using var context = await cluster.NewContextAsync(1920, 1080);
        var page = await Pages.OpenAsync(context, $"/wall?unit={site.CommunityId}", cluster.Token(Roles.Display, site.CommunityId), output);

        // Every provisional history point, and the live figure, each a marker; the line from them on dashed.
        var marks = page.Locator("[data-testid=chart] [data-provisional=\"true\"]");
        await Expect(marks.Nth(provisional)).ToBeAttachedAsync();
        Assert.NotEqual("", await page.Locator("[data-testid=chart] path.line.provisional").First.GetAttributeAsync("d"));
        await Expect(page.Locator("[data-testid=chart] .legend text")).ToHaveTextAsync("provisional");
        await Pages.ScreenshotAsync(page, "wall-provisional", output);
    }
}
