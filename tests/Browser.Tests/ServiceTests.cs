using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Canvass.Gateway.Auth;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Canvass.Browser.Tests;

/// <summary>
/// The care rounds page (<c>/service?unit=…</c>) on a phone (360×740) with a community's <c>service</c> token, and
/// the community's wall in another browser, which must follow every tap without a reload.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ServiceTests(BrowserCluster cluster, ITestOutputHelper output)
{
    private const int PhoneWidth = 360;
    private const int PhoneHeight = 740;

    /// <summary>The page polls every 10 s: a new request shows within one poll and a margin for a loaded machine.</summary>
    private static readonly LocatorAssertionsToHaveCountOptions NextPoll = new() { Timeout = 20_000 };

    private static readonly LocatorAssertionsToHaveAttributeOptions Pushed = new() { Timeout = 10_000 };

    [Fact]
    public async Task A_volunteer_accepts_and_delivers_a_request_on_a_phone_and_the_wall_shows_care_open_fall_without_reload()
    {
        var site = Registry.OfCommunity(60);
        var community = site.CommunityId;
        await using var wallContext = await cluster.NewContextAsync(1920, 1080);
        var wall = await Pages.OpenAsync(wallContext, $"/wall?unit={community}", cluster.Token(Roles.Display, community), output);
        await using var phoneContext = await cluster.NewContextAsync(PhoneWidth, PhoneHeight);
        var asked = Record(phoneContext);
        var phone = await OpenServiceAsync(phoneContext, community, cluster.Token(Roles.Service, community, subject: "volunteer-wang"));

        var before = await SummaryAsync(community);
        var open = before.GetProperty("careOpen").GetInt32();
        var delivered = before.GetProperty("careDeliveredToday").GetInt32();
        await Expect(Pages.ByTestId(wall, "care-open")).ToHaveAttributeAsync("data-value", $"{open}");

        var careId = Reports.NewId("care");
        await Reports.PostAcceptedAsync(cluster.Http, "/api/care", new Dictionary<string, object?>
        {
            ["careId"] = careId, ["siteId"] = site.Id, ["household"] = 3, ["category"] = "water", ["note"] = "2 × 18 L",
        });
        var id = CareIds.Format(site.Id, careId);
        await Expect(Pages.ByTestId(wall, "care-open")).ToHaveAttributeAsync("data-value", $"{open + 1}", Pushed);

        var card = phone.Locator($"[data-testid=care-request][data-care-id=\"{id}\"]");
        var clock = Stopwatch.StartNew();
        await Expect(card).ToHaveCountAsync(1, NextPoll);
        output.WriteLine($"request posted -> card on the phone: {clock.ElapsedMilliseconds} ms");
        await Expect(card).ToHaveAttributeAsync("data-state", "requested");
        await Expect(card).ToContainTextAsync("#3");
        await Pages.ScreenshotAsync(phone, "service-request", output);

        await card.Locator("[data-testid=care-accept]").ClickAsync();
        await Expect(card).ToHaveAttributeAsync("data-state", "accepted");
        await Expect(card.Locator("[data-testid=care-accept]")).ToBeHiddenAsync();
        var accepted = await OpenRequestAsync(site.Id, id);
        Assert.Equal("accepted", accepted.GetProperty("state").GetString());
        var history = accepted.GetProperty("history").EnumerateArray().ToArray();
        Assert.Equal(["request", "accept"], history.Select(h => h.GetProperty("step").GetString()));
        Assert.Equal("volunteer-wang", history[1].GetProperty("subject").GetString());
        // Accepting leaves the request open: the wall's figure stays where it was.
        await Expect(Pages.ByTestId(wall, "care-open")).ToHaveAttributeAsync("data-value", $"{open + 1}");

        clock.Restart();
        await card.Locator("[data-testid=care-deliver]").ClickAsync();
        await Expect(card).ToHaveCountAsync(0, NextPoll);
        await Expect(Pages.ByTestId(wall, "care-open")).ToHaveAttributeAsync("data-value", $"{open}", Pushed);
        await Expect(Pages.ByTestId(wall, "care-delivered-today")).ToHaveAttributeAsync("data-value", $"{delivered + 1}", Pushed);
        output.WriteLine($"deliver tapped -> care open back to {open} on the wall: {clock.ElapsedMilliseconds} ms");
        Assert.Null(await FindOpenAsync(site.Id, id));

        // The strip and the tiles' care marks are exactly the API's figures.
        var unit = await SummaryAsync(community);
        var children = await cluster.Http.GetFromJsonAsync<JsonElement>($"/api/units/{community}/children");
        await WallFigures.WaitForAsync(wall, WallFigures.Expected(unit, children.EnumerateArray()), TimeSpan.FromSeconds(5));

        await AssertFitsThePhoneAsync(phone);
        await Pages.ScreenshotAsync(wall, "wall-care", output);
        await Pages.AssertNotReloadedAsync(wall);
        await Pages.AssertNotReloadedAsync(phone);
        AssertAskedCareOnly(asked, community);
    }

    [Fact]
    public async Task Checks_tapped_on_a_phone_are_recorded_for_the_quarantined_household_and_a_fever_reaches_the_wall_without_reload()
    {
        var site = Registry.OfCommunity(70);
        var community = site.CommunityId;
        await using var wallContext = await cluster.NewContextAsync(1920, 1080);
        var wall = await Pages.OpenAsync(wallContext, $"/wall?unit={community}", cluster.Token(Roles.Display, community), output);
        var sealedBefore = Sealed(await SummaryAsync(community));

        var quarantineId = Reports.NewId("quarantine");
        var now = DateTimeOffset.UtcNow;
        await Reports.PostAcceptedAsync(cluster.Http, "/api/quarantines", new Dictionary<string, object?>
        {
            ["quarantineId"] = quarantineId, ["siteId"] = site.Id, ["household"] = 5, ["kind"] = "homeQuarantine",
            ["start"] = Reports.At(now.AddDays(-1)), ["plannedEnd"] = Reports.At(now.AddDays(13)), ["residents"] = 3,
        });
        var id = CareIds.Format(site.Id, quarantineId);
        await Expect(Pages.ByTestId(wall, "sealed-households")).ToHaveAttributeAsync("data-value", $"{sealedBefore + 1}", Pushed);

        await using var phoneContext = await cluster.NewContextAsync(PhoneWidth, PhoneHeight);
        var asked = Record(phoneContext);
        var phone = await OpenServiceAsync(phoneContext, community, cluster.Token(Roles.Service, community, subject: "property-li"));
        var card = phone.Locator($"[data-testid=check][data-id=\"{id}\"]");
        await Expect(card).ToHaveCountAsync(1, NextPoll);
        await Expect(card).ToContainTextAsync("#5");

        // Which due slot a check meets depends on the time of day; that it is recorded, and clears a missed one, does not.
        var tapped = DateTimeOffset.UtcNow;
        await card.Locator("[data-testid=check-normal]").ClickAsync();
        await Expect(card.Locator("[data-testid=card-done]")).ToBeVisibleAsync();
        await Expect(card.Locator("[data-testid=card-error]")).ToBeHiddenAsync();
        var recorded = await QuarantineAsync(site.Id, id);
        Assert.True(recorded.GetProperty("lastCheckAt").GetDateTimeOffset() >= tapped.AddSeconds(-5),
            $"the check tapped at {tapped:O} is not the quarantine's last: {recorded}");
        Assert.False(recorded.GetProperty("checkMissed").GetBoolean());
        await Expect(card).ToHaveAttributeAsync("data-missed", "false");
        Assert.Null(await Alerts.FindAsync(cluster.Http, community, site.Id, "finding"));

        // A fever raises a finding at once: the wall's open alerts count it, pushed.
        var alertsBefore = int.Parse((await Pages.ValueAsync(wall, "open-alerts"))!, System.Globalization.CultureInfo.InvariantCulture);
        await card.Locator("[data-testid=check-fever]").ClickAsync();
        await Expect(Pages.ByTestId(wall, "open-alerts")).ToHaveAttributeAsync("data-value", $"{alertsBefore + 1}", Pushed);
        var finding = await Alerts.FindAsync(cluster.Http, community, site.Id, "finding");
        Assert.True(finding is not null, $"the API lists no finding alert for {site.Id} after a fever");
        Assert.Equal(5, finding.Value.GetProperty("household").GetInt32());

        await AssertFitsThePhoneAsync(phone);
        await Pages.ScreenshotAsync(phone, "service-check", output);
        await Pages.AssertNotReloadedAsync(wall);
        await Pages.AssertNotReloadedAsync(phone);
        AssertAskedCareOnly(asked, community);
    }

    /// <summary>Opens the page signed in by a link; it is ready once its first poll has answered.</summary>
    private async Task<IPage> OpenServiceAsync(IBrowserContext context, string unit, string token)
    {
        var page = await Pages.VisitAsync(context, Pages.WithToken($"/service?unit={unit}", token), output);
        await Expect(Pages.ByTestId(page, "service-updated")).ToHaveAttributeAsync("data-value", new System.Text.RegularExpressions.Regex("."),
            new() { Timeout = (float)Pages.LiveTimeout.TotalMilliseconds });
        await Expect(Pages.ByTestId(page, "error")).ToBeHiddenAsync();
        await page.EvaluateAsync("() => { window.__canvassNotReloaded = true; }");
        return page;
    }

    /// <summary>Nothing is wider than the phone: no sideways scrolling, and every button is a thumb's size.</summary>
    private static async Task AssertFitsThePhoneAsync(IPage page)
    {
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= PhoneWidth,
            "the service page scrolls sideways at 360 px");
        var small = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('button.tap')].filter(b => b.checkVisibility())
              .map(b => b.getBoundingClientRect()).filter(r => r.height < 44 || r.width < 44).map(r => r.width + 'x' + r.height)
            """);
        Assert.True(small.Length == 0, $"buttons smaller than 44 px: {string.Join(", ", small)}");
    }

    /// <summary>The paths the page's context asked the gateway for.</summary>
    private static List<string> Record(IBrowserContext context)
    {
        var asked = new List<string>();
        context.Request += (_, request) =>
        {
            lock (asked)
            {
                asked.Add(new Uri(request.Url).AbsolutePath);
            }
        };
        return asked;
    }

    /// <summary>A service token has no summaries and no hub: the page asks only for the care lists and care steps.</summary>
    private static void AssertAskedCareOnly(List<string> asked, string unit)
    {
        string[] api;
        lock (asked)
        {
            api = asked.Where(p => p.StartsWith("/api/", StringComparison.Ordinal) || p.StartsWith("/hubs/", StringComparison.Ordinal)).Distinct().ToArray();
        }

        var allowed = api.Where(p => p == $"/api/units/{unit}/care" || p == $"/api/units/{unit}/quarantines"
            || p == "/api/health-checks" || (p.StartsWith("/api/care/", StringComparison.Ordinal) && (p.EndsWith("/accept") || p.EndsWith("/deliver"))));
        Assert.Equal([], api.Except(allowed));
        Assert.Contains($"/api/units/{unit}/care", api);
    }

    private async Task<JsonElement> SummaryAsync(string unit) => await cluster.Http.GetFromJsonAsync<JsonElement>($"/api/units/{unit}");

    private static int Sealed(JsonElement unit)
    {
        var quarantined = unit.GetProperty("quarantinedHouseholds");
        return quarantined.GetProperty("homeQuarantine").GetInt32() + quarantined.GetProperty("keyAreaObservation").GetInt32();
    }

    private async Task<JsonElement> QuarantineAsync(string siteId, string id)
    {
        var quarantines = await cluster.Http.GetFromJsonAsync<JsonElement>($"/api/units/{siteId}/quarantines");
        return quarantines.EnumerateArray().Single(q => q.GetProperty("id").GetString() == id);
    }

    private async Task<JsonElement?> FindOpenAsync(string siteId, string id)
    {
        var open = await cluster.Http.GetFromJsonAsync<JsonElement>($"/api/units/{siteId}/care?state=open");
        return open.EnumerateArray().Cast<JsonElement?>().FirstOrDefault(r => r!.Value.GetProperty("id").GetString() == id);
    }

    private async Task<JsonElement> OpenRequestAsync(string siteId, string id) =>
        await FindOpenAsync(siteId, id) ?? throw new Xunit.Sdk.XunitException($"{id} is not among the open requests of {siteId}");
}
