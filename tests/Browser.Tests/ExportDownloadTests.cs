using System.Net.Http.Json;
using System.Text.Json;
using MiniExcelLibs;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Canvass.Browser.Tests;

/// <summary>The console's download buttons hand the browser the export files of what the console shows.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ExportDownloadTests(BrowserCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task The_excel_button_of_a_communitys_children_downloads_a_workbook_of_its_sites_figures()
    {
        var site = Registry.OfCommunity(120);
        await Reports.PostAcceptedAsync(cluster.Http, "/api/reports", Reports.Screened(site.Id, household: 2, "normal", "fever"));
        await using var context = await cluster.NewContextAsync();
        var page = await Pages.OpenAsync(context, $"/console?unit={site.CommunityId}", cluster.Token(Gateway.Auth.Roles.Supervisor, "4403"), output);
        await Expect(Pages.Connection(page)).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 30_000 });
        await Expect(page.Locator($"[data-testid=child][data-unit=\"{site.Id}\"]")).ToHaveCountAsync(1);

        var download = await page.RunAndWaitForDownloadAsync(() => Pages.ByTestId(page, "download-children-xlsx").ClickAsync());
        Assert.Equal($"{site.CommunityId}-children-", download.SuggestedFilename[..(site.CommunityId.Length + 10)]);
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        var path = Path.Combine(cluster.Folder.FullName, download.SuggestedFilename);
        await download.SaveAsAsync(path);

        var children = await cluster.Http.GetFromJsonAsync<JsonElement>($"/api/units/{site.CommunityId}/children");
        var rows = MiniExcel.Query(path, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(children.EnumerateArray().Select(c => c.GetProperty("id").GetString()), rows.Select(r => r["Code"]?.ToString()));
        var row = rows.Single(r => r["Code"]?.ToString() == site.Id);
        Assert.Equal("1", row["Residents fever"]?.ToString());
        Assert.Equal(children.EnumerateArray().Single(c => c.GetProperty("id").GetString() == site.Id).GetProperty("screenedHouseholds").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
            row["Screened households"]?.ToString());
        await Expect(Pages.ByTestId(page, "error")).ToBeHiddenAsync();
    }
}
