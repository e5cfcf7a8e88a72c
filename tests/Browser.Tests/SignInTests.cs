using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Canvass.Gateway.Auth;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Canvass.Browser.Tests;

/// <summary>How the pages sign in: a <c>#token=</c> link, a kept token, or one pasted into the sign-in panel.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserCluster cluster, ITestOutputHelper output)
{
    private const string Wall = "/wall?unit=4403";

    /// <summary>Futian district: a display token of it reaches its subtree and not the city.</summary>
    private const string District = "440304";

    /// <summary>The number of figure elements (<c>data-value</c>) and main sections a person can see.</summary>
    private const string VisibleFigures = "() => [...document.querySelectorAll('[data-value], main')].filter(e => e.checkVisibility()).length";

    private static readonly LocatorAssertionsToHaveAttributeOptions Live = new() { Timeout = (float)Pages.LiveTimeout.TotalMilliseconds };

    [Theory]
    [InlineData("/")]
    [InlineData(Wall)]
    [InlineData("/console?unit=4403")]
    [InlineData("/service?unit=4403")]
    public async Task A_page_opened_without_a_token_shows_the_sign_in_panel_and_no_figures_and_asks_the_API_nothing(string path)
    {
        await using var context = await cluster.NewContextAsync();
        var asked = new List<string>();
        context.Request += (_, request) =>
        {
            var target = new Uri(request.Url).AbsolutePath;
            if (target.StartsWith("/api/", StringComparison.Ordinal) || target.StartsWith("/hubs/", StringComparison.Ordinal))
            {
                lock (asked)
                {
                    asked.Add(request.Url);
                }
            }
        };
        var page = await Pages.VisitAsync(context, path, output);

        await Expect(Pages.ByTestId(page, "sign-in")).ToBeVisibleAsync();
        await Expect(Pages.ByTestId(page, "sign-in-hint")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(
            @"^dotnet run --project src/Silo -- token --role (display|supervisor|service) --unit 4403$"));
        Assert.Equal(0, await page.EvaluateAsync<int>(VisibleFigures));
        await Expect(Pages.ByTestId(page, "session")).ToBeHiddenAsync();
        // The index has no connection indicator, and neither has the service page (it polls: no hub).
        if (path != "/" && !path.StartsWith("/service", StringComparison.Ordinal))
        {
            await Expect(Pages.Connection(page)).ToHaveAttributeAsync("data-state", "down");
            await Expect(Pages.Connection(page)).ToHaveTextAsync("SIGNED OUT");
        }

        // Whatever the page would ask for on its own, it has asked by the time the network is quiet.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        lock (asked)
        {
            Assert.True(asked.Count == 0, $"a page without a token asked {string.Join(", ", asked)}");
        }

        await Pages.ScreenshotAsync(page, "sign-in" + path.Split('?')[0].Replace('/', '-').TrimEnd('-'), output);
    }

    [Fact]
    public async Task Pasting_a_token_into_the_sign_in_panel_signs_in_shows_the_live_figures_and_is_kept_across_a_reload()
    {
        await using var context = await cluster.NewContextAsync(1920, 1080);
        var page = await Pages.VisitAsync(context, Wall, output);
        await Pages.ByTestId(page, "token-input").FillAsync(cluster.Token(Roles.Display, "4403"));
        await Pages.ByTestId(page, "sign-in-submit").ClickAsync();

        await Expect(Pages.Connection(page)).ToHaveAttributeAsync("data-state", "live", Live);
        await Expect(Pages.ByTestId(page, "sign-in")).ToBeHiddenAsync();
        await Expect(page.Locator("[data-testid=session] .who")).ToHaveTextAsync("display · 4403");
        await Expect(Pages.ByTestId(page, "coverage")).ToBeVisibleAsync();
        await WallFigures.WaitForAsync(page, await ApiFiguresAsync(), TimeSpan.FromSeconds(5));

        await page.ReloadAsync();
        await Expect(Pages.Connection(page)).ToHaveAttributeAsync("data-state", "live", Live);
        await Expect(Pages.ByTestId(page, "sign-in")).ToBeHiddenAsync();
        await WallFigures.WaitForAsync(page, await ApiFiguresAsync(), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_token_link_signs_in_and_leaves_the_token_neither_in_the_address_nor_in_the_history()
    {
        await using var context = await cluster.NewContextAsync(1920, 1080);
        var path = $"/wall?unit={District}";
        var page = await Pages.OpenAsync(context, path, cluster.Token(Roles.Display, District), output);

        Assert.Equal(new Uri(cluster.Gateway.Url, path).ToString(), page.Url);
        Assert.Equal(page.Url, await page.EvaluateAsync<string>("() => location.href"));
        var cdp = await context.NewCDPSessionAsync(page);
        var history = (await cdp.SendAsync("Page.getNavigationHistory"))!.Value.GetProperty("entries").EnumerateArray()
            .Select(e => e.GetProperty("url").GetString()!).ToArray();
        await cdp.DetachAsync();
        Assert.DoesNotContain(history, url => url.Contains("token", StringComparison.OrdinalIgnoreCase));
        await Expect(page.Locator("[data-testid=session] .who")).ToHaveTextAsync($"display · {District}");
    }

    [Fact]
    public async Task Signing_out_turns_the_wall_down_shows_the_sign_in_panel_and_forgets_the_token()
    {
        await using var context = await cluster.NewContextAsync(1920, 1080);
        var page = await Pages.OpenAsync(context, Wall, cluster.Token(Roles.Display, "4403"), output);

        await Pages.ByTestId(page, "sign-out").ClickAsync();

        await Expect(Pages.Connection(page)).ToHaveAttributeAsync("data-state", "down");
        await Expect(Pages.ByTestId(page, "sign-in")).ToBeVisibleAsync();
        await Expect(Pages.ByTestId(page, "sign-in-reason")).ToHaveTextAsync("Signed out.");
        Assert.Equal(0, await page.EvaluateAsync<int>(VisibleFigures));
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('canvass.token')"));
        await page.ReloadAsync();
        await Expect(Pages.ByTestId(page, "sign-in")).ToBeVisibleAsync();
        await Expect(Pages.Connection(page)).ToHaveAttributeAsync("data-state", "down");
    }

    [Fact]
    public async Task A_token_that_expires_while_the_wall_is_open_turns_the_wall_not_live_and_offers_the_sign_in_panel()
    {
        // Long enough for the page to be live first, short enough not to keep the test waiting.
        var lifetime = TimeSpan.FromSeconds(8);
        // The token's exp is whole seconds, so it may fall up to a second before this.
        var expiresAt = DateTimeOffset.UtcNow + lifetime - TimeSpan.FromSeconds(1);
        var token = cluster.Token(Roles.Display, "4403", lifetime);
        await using var context = await cluster.NewContextAsync(1920, 1080);
        var page = await Pages.OpenAsync(context, Wall, token, output);
        Assert.True(DateTimeOffset.UtcNow < expiresAt, "the wall was live only after its token expired: lengthen the lifetime");

        var connection = Pages.Connection(page);
        await Expect(connection).ToHaveAttributeAsync("data-state", "down", new() { Timeout = (float)(lifetime + TimeSpan.FromSeconds(10)).TotalMilliseconds });
        var downAt = DateTimeOffset.UtcNow;
        output.WriteLine($"wall down {(downAt - expiresAt).TotalMilliseconds:0} ms after the earliest its token could expire");
        Assert.True(downAt >= expiresAt, $"the wall went down at {downAt:O}, before its token expired ({expiresAt:O} at the earliest)");
        await Expect(connection).ToHaveTextAsync("SIGNED OUT");
        await Expect(Pages.ByTestId(page, "sign-in")).ToBeVisibleAsync();
        await Expect(Pages.ByTestId(page, "sign-in-reason")).ToHaveAttributeAsync("data-reason", "expired");
        await Expect(Pages.ByTestId(page, "sign-in-reason")).ToContainTextAsync("expired");
        Assert.Equal(0, await page.EvaluateAsync<int>(VisibleFigures));
        await Pages.ScreenshotAsync(page, "wall-expired", output);

        // The panel offered is the way back: a new token, and the same page is live again without a reload.
        await Pages.ByTestId(page, "token-input").FillAsync(cluster.Token(Roles.Display, "4403"));
        await Pages.ByTestId(page, "sign-in-submit").ClickAsync();
        await Expect(connection).ToHaveAttributeAsync("data-state", "live", Live);
        await WallFigures.WaitForAsync(page, await ApiFiguresAsync(), TimeSpan.FromSeconds(5));
        await Pages.AssertNotReloadedAsync(page);
    }

    [Fact]
    public async Task A_token_the_server_does_not_accept_brings_back_the_sign_in_panel_with_the_servers_reason()
    {
        var stranger = new TokenIssuer(new AuthOptions(), SigningKeys.Resolve(new AuthOptions { SigningKey = SigningKeys.NewKey() })!, TimeProvider.System)
            .Mint("stranger", Roles.Display, "4403", TimeSpan.FromHours(1)).Token;
        await using var context = await cluster.NewContextAsync(1920, 1080);
        var page = await Pages.VisitAsync(context, Pages.WithToken(Wall, stranger), output);

        var reason = Pages.ByTestId(page, "sign-in-reason");
        await Expect(reason).ToHaveAttributeAsync("data-reason", "rejected", new() { Timeout = 30_000 });
        await Expect(reason).ToContainTextAsync("The token is not valid here");
        await Expect(Pages.ByTestId(page, "sign-in")).ToBeVisibleAsync();
        await Expect(Pages.Connection(page)).ToHaveAttributeAsync("data-state", "down");
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('canvass.token')"));
    }

    [Fact]
    public async Task A_district_display_token_asking_for_the_city_wall_reads_the_same_as_a_unit_that_does_not_exist()
    {
        const string missing = "4403999";
        await using var context = await cluster.NewContextAsync(1920, 1080);
        var clock = Stopwatch.StartNew();
        var outside = await Pages.VisitAsync(context, Pages.WithToken(Wall, cluster.Token(Roles.Display, District)), output);
        await using var other = await cluster.NewContextAsync(1920, 1080);
        var unknown = await Pages.VisitAsync(other, Pages.WithToken($"/wall?unit={missing}", cluster.Token(Roles.Display, "4403")), output);

        var shown = await ErrorAsync(outside);
        output.WriteLine($"district token on the city's wall: \"{shown}\" after {clock.ElapsedMilliseconds} ms");
        Assert.Contains("4403", shown);
        Assert.Equal((await ErrorAsync(unknown)).Replace(missing, "4403", StringComparison.Ordinal), shown);
        // Signed in, but nothing of the city is shown and the wall does not look live.
        await Expect(Pages.ByTestId(outside, "sign-in")).ToBeHiddenAsync();
        await Expect(Pages.Connection(outside)).ToHaveAttributeAsync("data-state", "down");
        await Expect(Pages.ByTestId(outside, "unit-name")).ToHaveTextAsync("…");
        await Pages.ScreenshotAsync(outside, "wall-out-of-scope", output);
    }

    private static async Task<string> ErrorAsync(IPage page)
    {
        var error = Pages.ByTestId(page, "error");
        await Expect(error).ToBeVisibleAsync(new() { Timeout = 30_000 });
        return (await error.TextContentAsync())!;
    }

    private async Task<Dictionary<string, double>> ApiFiguresAsync()
    {
        var unit = await cluster.Http.GetFromJsonAsync<JsonElement>("/api/units/4403");
        var children = await cluster.Http.GetFromJsonAsync<JsonElement>("/api/units/4403/children");
        return WallFigures.Expected(unit, children.EnumerateArray());
    }
}
