using System.Text.RegularExpressions;
using Canvass.Gateway.Auth;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Canvass.Browser.Tests;

/// <summary>The console's Care view: open requests below a unit, overdue first, down to the quarantined household.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CareConsoleTests(BrowserCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task Care_requests_appear_overdue_first_without_reload_and_lead_to_the_quarantined_household_on_its_sites_page()
    {
        var site = Registry.OfCommunity(80);
        await using var context = await cluster.NewContextAsync();
        var page = await Pages.OpenAsync(context, $"/console?unit={site.CommunityId}", cluster.Token(Roles.Supervisor, "4403"), output);
        var requests = page.Locator("[data-testid=care-request]");
        await Expect(requests).ToHaveCountAsync(0);

        var now = DateTimeOffset.UtcNow;
        await Reports.PostAcceptedAsync(cluster.Http, "/api/quarantines", new Dictionary<string, object?>
        {
            ["quarantineId"] = Reports.NewId("quarantine"), ["siteId"] = site.Id, ["household"] = 9, ["kind"] = "homeQuarantine",
            ["start"] = Reports.At(now.AddHours(-1)), ["plannedEnd"] = Reports.At(now.AddDays(14)), ["residents"] = 2,
        });
        var fresh = Reports.NewId("care");
        await Reports.PostAcceptedAsync(cluster.Http, "/api/care", new Dictionary<string, object?>
        {
            ["careId"] = fresh, ["siteId"] = site.Id, ["household"] = 9, ["category"] = "groceries", ["note"] = "rice 5 kg",
        });
        // Takeaway may take an hour: asked for two hours ago, it is overdue.
        var late = Reports.NewId("care");
        await Reports.PostAcceptedAsync(cluster.Http, "/api/care", new Dictionary<string, object?>
        {
            ["careId"] = late, ["siteId"] = site.Id, ["household"] = 4, ["category"] = "takeaway",
            ["requestedAt"] = Reports.At(now.AddHours(-2)),
        });

        await Expect(requests).ToHaveCountAsync(2, new() { Timeout = 10_000 });
        await Expect(requests.Nth(0)).ToHaveAttributeAsync("data-care-id", $"{site.Id}~{late}");
        await Expect(requests.Nth(0)).ToHaveAttributeAsync("data-overdue", "true");
        await Expect(requests.Nth(1)).ToHaveAttributeAsync("data-care-id", $"{site.Id}~{fresh}");
        await Expect(requests.Nth(1)).ToHaveAttributeAsync("data-overdue", "false");
        await Expect(Pages.ByTestId(page, "care-overdue")).ToHaveAttributeAsync("data-value", "1");
        await Expect(Pages.ByTestId(page, "sealed-households")).ToHaveAttributeAsync("data-value", "1");
        await Pages.ScreenshotAsync(page, "console-care", output);
        await Pages.AssertNotReloadedAsync(page);

        await requests.Nth(1).Locator("a.site").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($@"/console\?unit={Regex.Escape(site.Id)}&household=9$"));
        var cell = page.Locator("[data-testid=household][data-household=\"9\"]");
        await Expect(cell).ToHaveAttributeAsync("data-quarantine", "homeQuarantine", new() { Timeout = 10_000 });
        await Expect(cell).ToHaveClassAsync(new Regex(@"\bselected\b"));
        await Expect(page.Locator("[data-testid=household].quarantined")).ToHaveCountAsync(1);
        await Pages.ScreenshotAsync(page, "console-care-site", output);

        // On the community's wall the site's tile carries the care mark: one overdue request.
        var wall = await Pages.OpenAsync(context, $"/wall?unit={site.CommunityId}", cluster.Token(Roles.Display, site.CommunityId), output);
        var tile = wall.Locator($"[data-testid=tile][data-unit=\"{site.Id}\"]");
        await Expect(tile.Locator(".flag-care")).ToHaveAttributeAsync("data-value", "1");
        await Expect(tile).ToHaveClassAsync(new Regex(@"\bcare-behind\b"));
        await Expect(wall.Locator("[data-testid=tile].care-behind")).ToHaveCountAsync(1);
        await Pages.ScreenshotAsync(wall, "wall-care-behind", output);
    }
}
