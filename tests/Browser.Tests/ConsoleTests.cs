using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Canvass.Gateway.Auth;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Canvass.Browser.Tests;

/// <summary>The supervisors' console (<c>/console?unit=…</c>): alerts live, and acknowledgement seen by others.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleTests(BrowserCluster cluster, ITestOutputHelper output)
{
    private static readonly LocatorAssertionsToHaveCountOptions Soon = new() { Timeout = 10_000 };

    /// <summary>Supervisors of the whole registry: they read and acknowledge.</summary>
    private string Supervisor => cluster.Token(Roles.Supervisor, "4403");

    [Fact]
    public async Task The_console_drills_down_from_the_city_to_a_site_through_its_children_with_a_breadcrumb_at_each_level()
    {
        var site = Registry.OfCommunity(40);
        string[] path = ["4403", site.CommunityId[..6], site.CommunityId[..9], site.CommunityId, site.Id];
        await using var context = await cluster.NewContextAsync();
        var page = await Pages.OpenAsync(context, "/console?unit=4403", Supervisor, output);
        for (var depth = 0; depth < path.Length; depth++)
        {
            var unit = path[depth];
            await Expect(page).ToHaveURLAsync(new Regex($@"/console\?unit={Regex.Escape(unit)}$"));
            await Expect(Pages.Connection(page)).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 30_000 });
            var crumbs = page.Locator("[data-testid=crumb]");
            await Expect(crumbs).ToHaveCountAsync(depth + 1);
            for (var i = 0; i <= depth; i++)
            {
                await Expect(crumbs.Nth(i)).ToHaveAttributeAsync("data-unit", path[i]);
            }

            if (depth == 3)
            {
                await Pages.ScreenshotAsync(page, "console", output);
            }

            if (depth == path.Length - 1)
            {
                break;
            }

            var children = await cluster.Http.GetFromJsonAsync<JsonElement>($"/api/units/{unit}/children");
            var links = page.Locator("[data-testid=child]");
            await Expect(links).ToHaveCountAsync(children.GetArrayLength());
            var shown = await links.EvaluateAllAsync<string[]>("links => links.map(l => l.dataset.unit)");
            Assert.Equal(children.EnumerateArray().Select(c => c.GetProperty("id").GetString()).Order(), shown.Order());
            await page.Locator($"[data-testid=child][data-unit=\"{path[depth + 1]}\"]").ClickAsync();
        }
    }

    [Fact]
    public async Task A_sites_page_shows_a_reported_household_as_screened_without_reload()
    {
        var site = Registry.OfCommunity(50);
        await using var context = await cluster.NewContextAsync();
        var page = await Pages.OpenAsync(context, $"/console?unit={site.Id}", Supervisor, output);
        var households = page.Locator("[data-testid=household]");
        await Expect(households).ToHaveCountAsync(site.Households, Soon);
        var household = page.Locator("[data-testid=household][data-household=\"7\"]");
        await Expect(household).ToHaveAttributeAsync("data-outcome", "none");

        var clock = Stopwatch.StartNew();
        await Reports.PostAcceptedAsync(cluster.Http, "/api/reports", Reports.Screened(site.Id, household: 7, "normal", "fever"));
        await Expect(household).ToHaveAttributeAsync("data-outcome", "screened", new() { Timeout = 10_000 });
        output.WriteLine($"report -> household screened on the site's page: {clock.ElapsedMilliseconds} ms");
        await Expect(page.Locator("[data-testid=household][data-outcome=screened]")).ToHaveCountAsync(1);
        await Pages.ScreenshotAsync(page, "console-site", output);
        await Pages.AssertNotReloadedAsync(page);
    }

    [Fact]
    public async Task An_open_checkpoint_raises_an_alert_in_the_console_and_a_closed_staffed_one_clears_it_without_reload()
    {
        var site = Registry.OfCommunity(20);
        await using var context = await cluster.NewContextAsync();
        var page = await Pages.OpenAsync(context, $"/console?unit={site.CommunityId}", Supervisor, output);
        var open = page.Locator("[data-testid=alert][data-kind=checkpointOpen]");
        await Expect(open).ToHaveCountAsync(0);

        var reportedAt = DateTimeOffset.UtcNow.AddMinutes(-2);
        var clock = Stopwatch.StartNew();
        await Reports.PostAcceptedAsync(cluster.Http, "/api/checkpoints",
            Reports.Checkpoint(site.Id, reportedAt, closed: false, staffed: true, temperatureChecks: 120));
        await Expect(open).ToHaveCountAsync(1, Soon);
        output.WriteLine($"checkpoint open -> alert in the console: {clock.ElapsedMilliseconds} ms");

        // The page shows the alert the API lists for that site, not some other one.
        var listed = await Alerts.FindAsync(cluster.Http, site.CommunityId, site.Id, "checkpointOpen");
        Assert.True(listed is not null, $"the API lists no checkpointOpen alert for {site.Id}");
        var id = listed.Value.GetProperty("id").GetString()!;
        Assert.Equal(id, await open.GetAttributeAsync("data-alert-id"));
        await Expect(open).ToHaveAttributeAsync("data-acknowledged", "false");
        await Pages.ScreenshotAsync(page, "console-alert", output);

        clock.Restart();
        await Reports.PostAcceptedAsync(cluster.Http, "/api/checkpoints",
            Reports.Checkpoint(site.Id, reportedAt.AddMinutes(1), closed: true, staffed: true, temperatureChecks: 300));
        await Expect(page.Locator(Alerts.Selector(id))).ToHaveCountAsync(0, Soon);
        output.WriteLine($"checkpoint closed and staffed -> alert gone from the console: {clock.ElapsedMilliseconds} ms");
        Assert.Null(await Alerts.FindAsync(cluster.Http, site.CommunityId, site.Id, "checkpointOpen"));
        await Pages.AssertNotReloadedAsync(page);
    }

    [Fact]
    public async Task Acknowledging_an_alert_in_one_browser_shows_it_acknowledged_with_the_note_in_another()
    {
        var site = Registry.OfCommunity(30);
        var path = $"/console?unit={site.CommunityId}";
        await using var supervisor = await cluster.NewContextAsync();
        await using var colleague = await cluster.NewContextAsync();
        var acking = await Pages.OpenAsync(supervisor, path, Supervisor, output);
        var watching = await Pages.OpenAsync(colleague, path, Supervisor, output);

        await Reports.PostAcceptedAsync(cluster.Http, "/api/checkpoints",
            Reports.Checkpoint(site.Id, DateTimeOffset.UtcNow.AddMinutes(-1), closed: false, staffed: true, temperatureChecks: 80));
        var selector = "[data-testid=alert][data-kind=checkpointOpen]";
        await Expect(acking.Locator(selector)).ToHaveCountAsync(1, Soon);
        await Expect(watching.Locator(selector)).ToHaveCountAsync(1, Soon);
        var id = (await acking.Locator(selector).GetAttributeAsync("data-alert-id"))!;
        var alertThere = watching.Locator(Alerts.Selector(id));
        await Expect(alertThere).ToHaveAttributeAsync("data-acknowledged", "false");

        const string by = "Li Wei";
        var note = $"team sent to the gate {Guid.NewGuid().ToString("N")[..6]}";
        var alertHere = acking.Locator(Alerts.Selector(id));
        await acking.Locator("[data-testid=ack-by]").FillAsync(by);
        await alertHere.Locator("[data-testid=ack-note]").FillAsync(note);
        var clock = Stopwatch.StartNew();
        await alertHere.Locator("[data-testid=ack-submit]").ClickAsync();

        var seen = new LocatorAssertionsToHaveAttributeOptions { Timeout = 10_000 };
        await Expect(alertThere).ToHaveAttributeAsync("data-acknowledged", "true", seen);
        output.WriteLine($"ack in one browser -> acknowledged in the other: {clock.ElapsedMilliseconds} ms");
        await Expect(alertThere.Locator("[data-testid=ack-info]")).ToContainTextAsync(note);
        await Expect(alertThere.Locator("[data-testid=ack-info]")).ToContainTextAsync(by);
        await Expect(alertHere).ToHaveAttributeAsync("data-acknowledged", "true", seen);

        var stored = await Alerts.FindAsync(cluster.Http, site.CommunityId, site.Id, "checkpointOpen");
        Assert.True(stored is not null, $"the API lists no checkpointOpen alert for {site.Id}");
        var acknowledgement = stored.Value.GetProperty("acknowledgement");
        Assert.Equal(by, acknowledgement.GetProperty("by").GetString());
        Assert.Equal(note, acknowledgement.GetProperty("note").GetString());
        await Pages.ScreenshotAsync(watching, "console-acknowledged", output);
        await Pages.AssertNotReloadedAsync(watching);
    }
}
