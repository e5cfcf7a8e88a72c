using System.Diagnostics;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Canvass.Browser.Tests;

/// <summary>The supervisors' console (<c>/console?unit=…</c>): alerts live, and acknowledgement seen by others.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleTests(BrowserCluster cluster, ITestOutputHelper output)
{
    private static readonly LocatorAssertionsToHaveCountOptions Soon = new() { Timeout = 10_000 };

    [Fact]
    public async Task An_open_checkpoint_raises_an_alert_in_the_console_and_a_closed_staffed_one_clears_it_without_reload()
    {
        var site = Registry.OfCommunity(20);
        await using var context = await cluster.NewContextAsync();
        var page = await Pages.OpenAsync(context, $"/console?unit={site.CommunityId}", output);
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
        await Pages.ScreenshotAsync(page, "console", output);

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
        var acking = await Pages.OpenAsync(supervisor, path, output);
        var watching = await Pages.OpenAsync(colleague, path, output);

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
