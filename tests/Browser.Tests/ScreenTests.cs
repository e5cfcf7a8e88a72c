using System.Net.Http.Json;
using System.Text.Json;
using Canvass.Gateway.Auth;
using Canvass.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Canvass.Browser.Tests;

/// <summary>
/// The screeners' field page (<c>/screen?site=…</c>) on a phone (360×740) with a community's <c>screener</c> token:
/// households recorded with no network wait in the phone's queue, survive a reload, and are each posted once when
/// the network returns; the site's figures are then exactly what was recorded.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenTests(BrowserCluster cluster, ITestOutputHelper output)
{
    private const int PhoneWidth = 360;
    private const int PhoneHeight = 740;

    /// <summary>Back online, the page sends at once (its online event); the margin is for a loaded machine.</summary>
    private static readonly LocatorAssertionsToHaveCountOptions Sent = new() { Timeout = 30_000 };

    [Fact]
    public async Task Reports_recorded_offline_survive_a_reload_and_are_each_sent_once_when_the_network_returns()
    {
        var site = Registry.OfCommunity(90);
        await using var context = await cluster.NewContextAsync(PhoneWidth, PhoneHeight);
        var posted = RecordPostedReportIds(context);
        var page = await OpenScreenAsync(context, site, cluster.Token(Roles.Screener, site.CommunityId, subject: "w-90"));

        var before = await SiteAsync(site.Id);
        var unvisited = (await HouseholdsAsync(site.Id)).Where(h => h.GetProperty("outcome").ValueKind == JsonValueKind.Null)
            .Select(h => h.GetProperty("household").GetInt32()).Take(5).ToArray();
        Assert.True(unvisited.Length == 5, $"{site.Id} has fewer than 5 unvisited households");
        var recordedFrom = DateTimeOffset.UtcNow;

        await context.SetOfflineAsync(true);
        await Expect(Pages.ByTestId(page, "network")).ToHaveAttributeAsync("data-state", "offline");
        await RecordAsync(page, unvisited[0], "absent");
        await RecordAsync(page, unvisited[1], "refused");
        await RecordAsync(page, unvisited[2], "screened", "normal", "fever");
        await RecordAsync(page, unvisited[3], "screened", "normal");
        await Expect(Queued(page, "pending")).ToHaveCountAsync(4);

        // The page, its bundles and the households list come from the worker; the queue from IndexedDB.
        var reloaded = await page.ReloadAsync();
        Assert.True(reloaded is { Ok: true }, $"the reload offline answered {reloaded?.Status}");
        await Expect(Pages.ByTestId(page, "network")).ToHaveAttributeAsync("data-state", "offline");
        await Expect(page.Locator("[data-testid=household]")).ToHaveCountAsync(site.Households);
        await Expect(Queued(page, "pending")).ToHaveCountAsync(4);
        await Expect(Cell(page, unvisited[0])).ToHaveAttributeAsync("data-outcome", "absent");
        await Expect(Cell(page, unvisited[0])).ToHaveAttributeAsync("data-queue", "pending");
        await RecordAsync(page, unvisited[4], "absent");
        await Expect(Queued(page, "pending")).ToHaveCountAsync(5);
        await AssertFitsThePhoneAsync(page);
        await Pages.ScreenshotAsync(page, "screen-offline", output);
        lock (posted)
        {
            Assert.Empty(posted);
        }

        var wentOnline = DateTimeOffset.UtcNow;
        await context.SetOfflineAsync(false);
        await Expect(Queued(page, "sent")).ToHaveCountAsync(5, Sent);
        await Expect(Queued(page, "pending")).ToHaveCountAsync(0);
        await Expect(Cell(page, unvisited[2])).ToHaveAttributeAsync("data-queue", "sent");
        var ids = await page.Locator("[data-testid=queued]").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.reportId)");
        lock (posted)
        {
            Assert.Equal(ids.Order(StringComparer.Ordinal), posted.Order(StringComparer.Ordinal));
        }

        Assert.All(ids, id => Assert.StartsWith($"{site.Id}-", id, StringComparison.Ordinal));
        var after = await SiteAsync(site.Id);
        Assert.Equal(Count(before, "screenedHouseholds") + 2, Count(after, "screenedHouseholds"));
        Assert.Equal(Count(before, "absentHouseholds") + 2, Count(after, "absentHouseholds"));
        Assert.Equal(Count(before, "refusedHouseholds") + 1, Count(after, "refusedHouseholds"));
        Assert.Equal(Residents(before, "normal") + 2, Residents(after, "normal"));
        Assert.Equal(Residents(before, "fever") + 1, Residents(after, "fever"));

        // Each report kept the time of its tap, not the time it was sent.
        var households = (await HouseholdsAsync(site.Id)).ToDictionary(h => h.GetProperty("household").GetInt32());
        Assert.Equal("absent", households[unvisited[0]].GetProperty("outcome").GetString());
        Assert.Equal("refused", households[unvisited[1]].GetProperty("outcome").GetString());
        Assert.Equal(1, households[unvisited[2]].GetProperty("residents").GetProperty("fever").GetInt32());
        var screenedAt = households[unvisited[0]].GetProperty("screenedAt").GetDateTimeOffset();
        Assert.True(screenedAt >= recordedFrom.AddSeconds(-5) && screenedAt < wentOnline,
            $"screenedAt {screenedAt:O} is not the tap's time (between {recordedFrom:O} and {wentOnline:O}, when the network returned)");

        // The history is revised at the screening times: by screening time the minute of the last tap already holds
        // the five reports, which arrived only when the network returned (the recorder writes each minute).
        var lastTap = unvisited.Max(h => households[h].GetProperty("screenedAt").GetDateTimeOffset());
        var minuteEnd = new DateTimeOffset((lastTap.UtcTicks / TimeSpan.TicksPerMinute + 1) * TimeSpan.TicksPerMinute, TimeSpan.Zero);
        var screened = await Eventually.UntilAsync(
            () => cluster.Http.GetFromJsonAsync<JsonElement>($"/api/units/{site.Id}/history?at={Uri.EscapeDataString(minuteEnd.ToString("O"))}"),
            p => Count(p.GetProperty("summary"), "screenedHouseholds") == Count(after, "screenedHouseholds"),
            $"the history by screening time at {minuteEnd:O} to hold the reports", TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(1));
        Assert.True(screened.GetProperty("provisional").GetBoolean());
        Assert.Equal(Count(after, "absentHouseholds"), Count(screened.GetProperty("summary"), "absentHouseholds"));
        Assert.Equal(Count(after, "refusedHouseholds"), Count(screened.GetProperty("summary"), "refusedHouseholds"));
        // As received, the last tap's instant still shows the figures from before: nothing had arrived yet.
        using var received = await cluster.Http.GetAsync($"/api/units/{site.Id}/history?asReceived=true&at={Uri.EscapeDataString(lastTap.ToString("O"))}");
        if (received.StatusCode != System.Net.HttpStatusCode.NotFound)
        {
            var point = await received.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(Count(before, "screenedHouseholds"), Count(point.GetProperty("summary"), "screenedHouseholds"));
        }

        await Pages.ScreenshotAsync(page, "screen-sent", output);
    }

    [Fact]
    public async Task A_report_whose_reply_was_lost_stays_pending_and_its_resend_answered_duplicate_counts_as_sent_once()
    {
        var site = Registry.OfCommunity(100);
        await using var context = await cluster.NewContextAsync(PhoneWidth, PhoneHeight);
        var posted = RecordPostedReportIds(context);
        var page = await OpenScreenAsync(context, site, cluster.Token(Roles.Screener, site.CommunityId, subject: "w-100"));
        var before = await SiteAsync(site.Id);
        var household = (await HouseholdsAsync(site.Id)).First(h => h.GetProperty("outcome").ValueKind == JsonValueKind.Null)
            .GetProperty("household").GetInt32();

        // The first post reaches the server, which applies it; its reply never reaches the page.
        var lost = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await context.RouteAsync("**/api/reports", async route =>
        {
            if (lost.Task.IsCompleted)
            {
                await route.ContinueAsync();
                return;
            }

            var reply = await route.FetchAsync();
            await route.AbortAsync("connectionreset");
            lost.TrySetResult(reply.Status);
        });
        await RecordAsync(page, household, "refused");
        Assert.Equal(200, await lost.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        await Expect(Queued(page, "pending")).ToHaveCountAsync(1);
        Assert.Equal(Count(before, "refusedHouseholds") + 1, Count(await SiteAsync(site.Id), "refusedHouseholds"));

        var resent = page.WaitForResponseAsync(r => new Uri(r.Url).AbsolutePath == "/api/reports" && r.Request.Method == "POST");
        await Pages.ByTestId(page, "send-now").ClickAsync();
        using var answer = JsonDocument.Parse(await (await resent).TextAsync());
        Assert.Equal(1, answer.RootElement.GetProperty("duplicates").GetInt32());
        Assert.Equal(0, answer.RootElement.GetProperty("accepted").GetInt32());
        await Expect(Queued(page, "sent")).ToHaveCountAsync(1, Sent);
        await Expect(Cell(page, household)).ToHaveAttributeAsync("data-queue", "sent");
        Assert.Equal(Count(before, "refusedHouseholds") + 1, Count(await SiteAsync(site.Id), "refusedHouseholds"));
        lock (posted)
        {
            Assert.Equal(2, posted.Count);
            Assert.Single(posted.Distinct());
        }
    }

    [Fact]
    public async Task A_report_from_a_phone_whose_clock_is_ahead_is_shown_rejected_with_the_servers_reason_and_changes_no_figure()
    {
        var site = Registry.OfCommunity(110);
        await using var context = await cluster.NewContextAsync(PhoneWidth, PhoneHeight);
        var page = await OpenScreenAsync(context, site, cluster.Token(Roles.Screener, site.CommunityId, subject: "w-110"));
        var before = await SiteAsync(site.Id);
        var household = (await HouseholdsAsync(site.Id)).First(h => h.GetProperty("outcome").ValueKind == JsonValueKind.Null)
            .GetProperty("household").GetInt32();

        // Two hours ahead: past Ingest:FutureTolerance, so the server rejects the report (timers keep running).
        await context.Clock.SetFixedTimeAsync(DateTime.UtcNow.AddHours(2));
        await RecordAsync(page, household, "absent", shown: false);
        var rejected = Queued(page, "rejected");
        await Expect(rejected).ToHaveCountAsync(1, Sent);
        await Expect(rejected).ToContainTextAsync("in the future");
        await Expect(Queued(page, "pending")).ToHaveCountAsync(0);
        // A rejected report does not colour its household: the cell shows what the server holds.
        await Expect(Cell(page, household)).ToHaveAttributeAsync("data-outcome", "none");
        await Expect(Cell(page, household)).ToHaveAttributeAsync("data-queue", "rejected");
        await Expect(Pages.ByTestId(page, "queue-summary")).ToHaveAttributeAsync("data-rejected", "1");
        var after = await SiteAsync(site.Id);
        Assert.Equal(Count(before, "absentHouseholds"), Count(after, "absentHouseholds"));
        await Pages.ByTestId(page, "lang").ClickAsync();
        await Expect(Pages.ByTestId(page, "queue-summary")).ToContainTextAsync("被拒 1");
        await Expect(rejected).ToContainTextAsync("被拒");
        await Pages.ScreenshotAsync(page, "screen-rejected", output);
    }

    /// <summary>Opens the page signed in by a link, once its households are shown and the worker keeps all it needs.</summary>
    private async Task<IPage> OpenScreenAsync(IBrowserContext context, Registry.Site site, string token)
    {
        var page = await Pages.VisitAsync(context, Pages.WithToken($"/screen?site={site.Id}", token), output);
        await Expect(page.Locator("[data-testid=household]")).ToHaveCountAsync(site.Households,
            new() { Timeout = (float)Pages.LiveTimeout.TotalMilliseconds });
        await Expect(Pages.ByTestId(page, "error")).ToBeHiddenAsync();
        await page.WaitForFunctionAsync($$"""
            async () => {
              // Activated, not only controlling: a claim happens while the worker is still activating.
              const registration = await navigator.serviceWorker.getRegistration("/screen");
              if (!navigator.serviceWorker.controller || registration?.active?.state !== "activated") return false;
              const keys = (await (await caches.open("canvass-screen-v1")).keys()).map(r => new URL(r.url).pathname);
              const assets = performance.getEntriesByType("resource").map(e => new URL(e.name).pathname).filter(p => p.startsWith("/assets/"));
              return keys.includes("/screen") && keys.includes("/api/units/{{site.Id}}/households") && assets.every(a => keys.includes(a));
            }
            """, null, new() { Timeout = (float)Pages.LiveTimeout.TotalMilliseconds });
        return page;
    }

    /// <summary>One tap on the household's cell, the residents' statuses, and one tap on the outcome.</summary>
    private Task RecordAsync(IPage page, int household, string outcome, params string[] statuses) =>
        RecordAsync(page, household, outcome, shown: true, statuses);

    /// <summary>shown: the cell then shows the outcome (false when the server's answer may already have undone it).</summary>
    private async Task RecordAsync(IPage page, int household, string outcome, bool shown, params string[] statuses)
    {
        await Cell(page, household).ClickAsync();
        var panel = Pages.ByTestId(page, "record");
        await Expect(panel).ToBeVisibleAsync();
        await Expect(Pages.ByTestId(page, "record-household")).ToHaveTextAsync($"#{household}");
        if (outcome == "screened")
        {
            for (var i = 1; i < statuses.Length; i++)
            {
                await Pages.ByTestId(page, "resident-add").ClickAsync();
            }

            var selects = panel.Locator("[data-testid=resident-status]");
            await Expect(selects).ToHaveCountAsync(statuses.Length);
            for (var i = 0; i < statuses.Length; i++)
            {
                await selects.Nth(i).SelectOptionAsync(statuses[i]);
            }

            await AssertFitsThePhoneAsync(page);
        }

        if (statuses.Length > 1)
        {
            await Pages.ScreenshotAsync(page, "screen-record", output);
        }

        await Pages.ByTestId(page, $"record-{outcome}").ClickAsync();
        await Expect(panel).ToBeHiddenAsync();
        if (shown)
        {
            await Expect(Cell(page, household)).ToHaveAttributeAsync("data-outcome", outcome);
        }
    }

    private static ILocator Cell(IPage page, int household) => page.Locator($"[data-testid=household][data-household=\"{household}\"]");

    private static ILocator Queued(IPage page, string state) => page.Locator($"[data-testid=queued][data-state={state}]");

    /// <summary>Nothing is wider than the phone, and every tap target is a thumb's size.</summary>
    private static async Task AssertFitsThePhoneAsync(IPage page)
    {
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= PhoneWidth,
            "the screen page scrolls sideways at 360 px");
        var small = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('button.tap, button.cell')].filter(b => b.checkVisibility())
              .map(b => b.getBoundingClientRect()).filter(r => r.height < 44 || r.width < 44).map(r => r.width + 'x' + r.height)
            """);
        Assert.True(small.Length == 0, $"buttons smaller than 44 px: {string.Join(", ", small)}");
    }

    /// <summary>The reportId of every report in every POST /api/reports the context made (its request events).</summary>
    private static List<string> RecordPostedReportIds(IBrowserContext context)
    {
        var posted = new List<string>();
        context.Request += (_, request) =>
        {
            if (request.Method != "POST" || new Uri(request.Url).AbsolutePath != "/api/reports" || request.PostData is not { } body)
            {
                return;
            }

            using var batch = JsonDocument.Parse(body);
            lock (posted)
            {
                posted.AddRange(batch.RootElement.EnumerateArray().Select(r => r.GetProperty("reportId").GetString()!));
            }
        };
        return posted;
    }

    private async Task<JsonElement> SiteAsync(string siteId) => await cluster.Http.GetFromJsonAsync<JsonElement>($"/api/units/{siteId}");

    private async Task<JsonElement[]> HouseholdsAsync(string siteId) =>
        (await cluster.Http.GetFromJsonAsync<JsonElement>($"/api/units/{siteId}/households")).EnumerateArray().ToArray();

    private static int Count(JsonElement summary, string name) => summary.GetProperty(name).GetInt32();

    private static int Residents(JsonElement summary, string status) => summary.GetProperty("residents").GetProperty(status).GetInt32();
}
