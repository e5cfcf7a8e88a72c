using System.Net.Http.Json;
using System.Text.Json;
using Canvass.Gateway.Auth;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Canvass.Browser.Tests;

/// <summary>
/// The daily report page (<c>/daily?unit=…</c>) with a community's display token: the newest published day (the
/// cluster's first start publishes the day before it), the community's figures and one row per site, in English and
/// Chinese; a day not published says so.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DailyReportPageTests(BrowserCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task The_page_shows_the_newest_report_of_the_tokens_community_with_a_row_per_site_in_both_languages()
    {
        var community = Registry.OfCommunity(7).CommunityId;
        var dates = await cluster.Http.GetFromJsonAsync<JsonElement>("/api/daily-reports");
        var newest = dates.EnumerateArray().Last().GetProperty("date").GetString()!;
        var report = await cluster.Http.GetFromJsonAsync<JsonElement>($"/api/daily-reports/{newest}?unit={community}");
        var sites = report.GetProperty("children").GetArrayLength();

        await using var context = await cluster.NewContextAsync(1280, 900);
        var page = await Pages.VisitAsync(context, Pages.WithToken("/daily?lang=en", cluster.Token(Roles.Display, community)), output);
        await Expect(Pages.ByTestId(page, "daily-report")).ToBeVisibleAsync();
        await Expect(Pages.ByTestId(page, "daily-unit")).ToHaveAttributeAsync("data-unit", community);
        await Expect(Pages.ByTestId(page, "daily-meta")).ToContainTextAsync(newest);
        await Expect(page.Locator("[data-testid=daily-dates] option:checked")).ToHaveTextAsync(newest);
        await Expect(page.Locator("[data-testid=daily-child]")).ToHaveCountAsync(sites);
        var screened = report.GetProperty("unit").GetProperty("screenedHouseholds").GetInt64();
        await Expect(page.Locator("[data-testid=daily-screened] dd")).ToHaveTextAsync(screened.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("en-US")));
        await Expect(Pages.ByTestId(page, "daily-late")).ToContainTextAsync("Arrived late for the day before");
        await Pages.ScreenshotAsync(page, "daily", output);

        await Pages.ByTestId(page, "lang").ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("每日情况报告");
        await Expect(Pages.ByTestId(page, "daily-late")).ToContainTextAsync("前一日迟报");

        var before = await Pages.VisitAsync(context, "/daily?date=2000-01-01&lang=en", output);
        await Expect(Pages.ByTestId(before, "daily-note")).ToHaveTextAsync("The report of 2000-01-01 is not published yet.");
        await Expect(Pages.ByTestId(before, "daily-report")).ToBeHiddenAsync();
    }
}
