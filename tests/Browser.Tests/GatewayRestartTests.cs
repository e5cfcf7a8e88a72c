using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Canvass.Gateway.Auth;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Canvass.Browser.Tests;

/// <summary>The gateway serving the wall is killed and started again; the silo and its figures stay.</summary>
[Collection(BrowserCollection.Name)]
public sealed class GatewayRestartTests(BrowserCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_the_gateway_turns_the_wall_down_and_after_its_restart_the_wall_is_live_with_exactly_the_servers_figures()
    {
        await using var context = await cluster.NewContextAsync(1920, 1080);
        var page = await Pages.OpenAsync(context, "/wall?unit=4403", cluster.Token(Roles.Display, "4403"), output);
        var connection = Pages.Connection(page);
        // A second gateway on the same silo takes reports while the page's gateway is down.
        var ingest = await cluster.StartGatewayAsync("gateway-ingest");
        using var http = cluster.Client(ingest.Url);
        var before = (await http.GetFromJsonAsync<JsonElement>("/api/units/4403")).GetProperty("screenedHouseholds").GetInt64();

        var clock = Stopwatch.StartNew();
        cluster.Gateway.Kill();
        try
        {
            await Expect(connection).ToHaveAttributeAsync("data-state", "down", new() { Timeout = 10_000 });
            output.WriteLine($"gateway killed -> indicator down: {clock.ElapsedMilliseconds} ms");
            await Pages.ScreenshotAsync(page, "wall-down", output);

            // The figures move while the page cannot hear: only the snapshot refetched on reconnect can show them.
            var reports = Registry.Sites.Where((_, i) => i % 331 == 0).Take(20)
                .Select((site, i) => Reports.Screened(site.Id, household: site.Households, i % 5 == 0 ? "fever" : "normal", "normal"))
                .ToArray();
            await Reports.PostAcceptedAsync(http, "/api/reports", reports);
            await WaitForCityAsync(http, city => city.GetProperty("screenedHouseholds").GetInt64() == before + reports.Length,
                $"{before + reports.Length} screened households");
            await Expect(connection).ToHaveAttributeAsync("data-state", "down");
        }
        finally
        {
            clock.Restart();
            await cluster.Gateway.StartAsync(TimeSpan.FromSeconds(90));
            output.WriteLine($"gateway restarted and ready in {clock.ElapsedMilliseconds} ms");
        }

        clock.Restart();
        await Expect(connection).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 60_000 });
        output.WriteLine($"gateway ready -> indicator live: {clock.ElapsedMilliseconds} ms");
        var unit = await cluster.Http.GetFromJsonAsync<JsonElement>("/api/units/4403");
        var children = await cluster.Http.GetFromJsonAsync<JsonElement>("/api/units/4403/children");
        await WallFigures.WaitForAsync(page, WallFigures.Expected(unit, children.EnumerateArray()), TimeSpan.FromSeconds(5));
        output.WriteLine($"the wall shows the API's figures: {unit}");
        await Pages.ScreenshotAsync(page, "wall-after-restart", output);
        await Pages.AssertNotReloadedAsync(page);
        await cluster.StopAsync(ingest);
    }

    private static Task WaitForCityAsync(HttpClient http, Func<JsonElement, bool> done, string what) =>
        Eventually.UntilAsync(() => http.GetFromJsonAsync<JsonElement>("/api/units/4403"), done, $"the city to reach {what}",
            TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));
}
