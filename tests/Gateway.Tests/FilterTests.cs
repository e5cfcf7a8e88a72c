using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Canvass.Gateway.Tests;

/// <summary>
/// Filtered subscriptions push only the changes they name. Each step is sequenced by a second, unfiltered connection
/// on the same unit: once it has the step's version, the filtered one has been offered it too, and a push it should
/// not have had would be on its way; the last step is one the filter lets through, so its arrival closes the window.
/// </summary>
[Collection(EmbeddedHostCollection.Name)]
public class FilterTests(EmbeddedHostFixture host)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_alerts_filter_pushes_only_changes_of_the_alert_counts()
    {
        const string site = "440310001001-001";
        await using var watch = await WatchAsync(site, new { kind = "alerts" });
        var start = watch.Start;

        // Households and a closed, staffed entrance: no alert count moves.
        await watch.StepAsync(() => PostReportAsync("filter-a-1", site, 1), s => Screened(s) == 1);
        await watch.StepAsync(() => PostCheckpointAsync("filter-a-2", site, closed: true, secondsAgo: 40), s => s.GetProperty("closedSites").GetInt32() == 1);
        // The entrance open: an alert at once; closed again: cleared.
        await watch.StepAsync(() => PostCheckpointAsync("filter-a-3", site, closed: false, secondsAgo: 30), s => Open(s) == Open(start) + 1);
        await watch.StepAsync(() => PostReportAsync("filter-a-4", site, 2), s => Screened(s) == 2);
        await watch.StepAsync(() => PostCheckpointAsync("filter-a-5", site, closed: true, secondsAgo: 20), s => Open(s) == Open(start));
        await watch.FilteredAsync(s => Open(s) == Open(start) && Screened(s) == 2);

        Assert.Equal([Open(start) + 1, Open(start)], watch.Pushes.Select(Open));
        Assert.Equal([1, 2], watch.Pushes.Select(Screened));
        AssertEachPushChanged(start, watch.Pushes, s => (Open(s), s.GetProperty("unacknowledgedAlerts").GetInt32(), s.GetProperty("escalatedAlerts").GetInt32()));
    }

    [Fact]
    public async Task The_coverage_filter_pushes_only_crossings_of_its_thresholds_either_way()
    {
        const string site = "440310001002-001";
        var registered = (await host.GetJsonAsync($"/api/units/{site}")).GetProperty("registeredHouseholds").GetInt64();
        // A threshold between two and three screened households, and one far above.
        var threshold = Math.Round(2.5 / registered, 6);
        await using var watch = await WatchAsync(site, new { kind = "coverage", thresholds = new[] { 0.9, threshold } });

        await watch.StepAsync(() => PostReportAsync("filter-c-1", site, 1), s => Screened(s) == 1);
        await watch.StepAsync(() => PostReportAsync("filter-c-2", site, 2), s => Screened(s) == 2);
        await watch.StepAsync(() => PostReportAsync("filter-c-3", site, 3), s => Screened(s) == 3);
        await watch.StepAsync(() => PostReportAsync("filter-c-4", site, 4), s => Screened(s) == 4);
        // Households 3 and 4 found absent on a later visit: back under the threshold.
        await watch.StepAsync(() => PostAsync("/api/reports", Absent("filter-c-5", site, 3), Absent("filter-c-6", site, 4)), s => Screened(s) == 2);
        await watch.FilteredAsync(s => Screened(s) == 2);

        Assert.Equal([3, 2], watch.Pushes.Select(Screened));
        AssertEachPushChanged(watch.Start, watch.Pushes, s => s.GetProperty("coverage").GetDouble() >= threshold);
    }

    [Fact]
    public async Task The_statusCounts_filter_ignores_changes_of_alerts_alone()
    {
        const string site = "440310001001-002";
        await using var watch = await WatchAsync(site, new { kind = "statusCounts" });
        var start = watch.Start;

        await watch.StepAsync(() => PostCheckpointAsync("filter-s-1", site, closed: false, secondsAgo: 30), s => Open(s) == Open(start) + 1);
        await watch.StepAsync(() => PostReportAsync("filter-s-2", site, 1), s => Screened(s) == 1);
        await watch.StepAsync(() => PostCheckpointAsync("filter-s-3", site, closed: true, secondsAgo: 20), s => Open(s) == Open(start));
        await watch.StepAsync(() => PostReportAsync("filter-s-4", site, 2, "fever"), s => Screened(s) == 2);
        await watch.FilteredAsync(s => Screened(s) == 2);

        Assert.Equal([1, 2], watch.Pushes.Select(Screened));
        Assert.Equal([Open(start) + 1, Open(start)], watch.Pushes.Select(Open));
        Assert.Equal([0, 1], watch.Pushes.Select(s => s.GetProperty("residents").GetProperty("fever").GetInt64()));
    }

    [Fact]
    public async Task An_event_stream_with_the_alerts_filter_sends_only_changes_of_the_alert_counts()
    {
        const string site = "440310001002-002";
        var copies = new UnitCopies();
        await using var stream = await EventStreamClient.OpenAsync(new Uri(host.BaseAddress, $"/api/stream?units={site}&filter=alerts"), copies, host.AdminToken);
        await copies.WaitUntilAsync(c => c.ContainsKey(site), Patience, site);
        var start = copies[site];
        await using var plain = await host.ConnectAsync();
        var all = new UnitCopies();
        plain.OnUnits(all.Keep);
        all.Keep((await plain.InvokeAsync<JsonElement>("Subscribe", site, false)).GetProperty("unit"));

        await PostReportAsync("filter-e-1", site, 1);
        await all.WaitUntilAsync(c => Screened(c[site]) == 1, Patience, "the report");
        await PostCheckpointAsync("filter-e-2", site, closed: false, secondsAgo: 30);
        await copies.WaitUntilAsync(c => Open(c[site]) == Open(start) + 1, Patience, "the alert");

        Assert.Equal([site, site], stream.EventUnits);
        Assert.Equal(1, Screened(copies[site]));
    }

    private static void AssertEachPushChanged<T>(JsonElement start, IReadOnlyList<JsonElement> pushes, Func<JsonElement, T> what)
    {
        foreach (var (before, after) in pushes.Prepend(start).Zip(pushes))
        {
            Assert.NotEqual(what(before), what(after));
            Assert.True(UnitCopies.Version(after) > UnitCopies.Version(before));
        }
    }

    private static long Screened(JsonElement s) => s.GetProperty("screenedHouseholds").GetInt64();

    private static int Open(JsonElement s) => s.GetProperty("openAlerts").GetInt32();

    private async Task<FilteredWatch> WatchAsync(string site, object filter)
    {
        var filtered = await host.ConnectAsync();
        var plain = await host.ConnectAsync();
        var watch = new FilteredWatch(filtered, plain, site);
        var reply = await filtered.InvokeAsync<JsonElement>("SubscribeMany", new { units = new[] { new { id = site, children = false } }, filter });
        watch.Start = reply.GetProperty("units")[0].Clone();
        watch.All.Keep((await plain.InvokeAsync<JsonElement>("Subscribe", site, false)).GetProperty("unit"));
        return watch;
    }

    private Task PostReportAsync(string id, string site, int household, string status = "normal") =>
        PostAsync("/api/reports", Reports.Screened(id, site, household, status));

    private Task PostCheckpointAsync(string id, string site, bool closed, int secondsAgo) =>
        PostAsync("/api/checkpoints", new Dictionary<string, object?>
        {
            ["reportId"] = id, ["siteId"] = site, ["at"] = Reports.At(DateTimeOffset.UtcNow.AddSeconds(-secondsAgo)),
            ["closed"] = closed, ["staffed"] = true, ["temperatureChecks"] = 0,
        });

    private static Dictionary<string, object?> Absent(string id, string site, int household) => new()
    {
        ["reportId"] = id, ["siteId"] = site, ["household"] = household, ["screenedAt"] = Reports.At(DateTimeOffset.UtcNow),
        ["screenerId"] = "w-88", ["outcome"] = "absent", ["residents"] = Array.Empty<object>(),
    };

    private async Task PostAsync(string path, params object[] items)
    {
        using var response = await host.Http.PostAsync(path, new StringContent(Reports.Json(items), Encoding.UTF8, "application/json"));
        var reply = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(response.IsSuccessStatusCode && reply.GetProperty("accepted").GetInt32() == items.Length, reply.GetRawText());
    }

    /// <summary>A filtered connection and an unfiltered one on the same site.</summary>
    private sealed class FilteredWatch : IAsyncDisposable
    {
        private readonly HubConnection _filtered;
        private readonly HubConnection _plain;
        private readonly string _site;
        private readonly List<JsonElement> _pushes = [];
        private readonly UnitCopies _filteredCopies = new();

        public FilteredWatch(HubConnection filtered, HubConnection plain, string site)
        {
            (_filtered, _plain, _site) = (filtered, plain, site);
            filtered.OnUnits(s =>
            {
                lock (_pushes)
                {
                    _pushes.Add(s.Clone());
                }

                _filteredCopies.Keep(s);
            });
            plain.OnUnits(All.Keep);
        }

        /// <summary>The filtered connection's catch-up: the site as it was when it subscribed.</summary>
        public JsonElement Start { get; set; }

        /// <summary>What the unfiltered connection holds.</summary>
        public UnitCopies All { get; } = new();

        public IReadOnlyList<JsonElement> Pushes
        {
            get
            {
                lock (_pushes)
                {
                    return [.. _pushes];
                }
            }
        }

        /// <summary>Posts, then waits until the unfiltered connection has the change.</summary>
        public async Task StepAsync(Func<Task> post, Func<JsonElement, bool> done)
        {
            await post();
            await All.WaitUntilAsync(c => done(c[_site]), Patience, "the step's change");
        }

        public Task FilteredAsync(Func<JsonElement, bool> done) =>
            _filteredCopies.WaitUntilAsync(c => c.TryGetValue(_site, out var s) && done(s), Patience, "the filtered push");

        public async ValueTask DisposeAsync()
        {
            await _filtered.DisposeAsync();
            await _plain.DisposeAsync();
        }
    }
}
