using System.Text.RegularExpressions;

namespace Canvass.Client.Tests;

[Collection(HostCollection.Name)]
public class CanvassSubscriptionTests(HostFixture host)
{

    [Theory]
    [InlineData(CanvassHubProtocol.Json, "440307009003")]
    [InlineData(CanvassHubProtocol.MessagePack, "440307009004")]
    public async Task A_subscription_holds_the_current_summaries_and_raises_the_changes_that_reports_make(CanvassHubProtocol protocol, string community)
    {
        var options = host.Options();
        options.HubProtocol = protocol;
        await using var client = new CanvassClient(host.BaseAddress, options);
        await using var subscription = await client.SubscribeAsync(community, new SubscriptionOptions { Children = true });
        var changed = Record(subscription);
        var sites = (await client.GetChildrenAsync(community)).Select(s => s.Id).ToArray();

        Assert.Equal(sites.Append(community).Order(), subscription.Latest.Keys.Order());
        Assert.Equal(ConnectionState.Connected, subscription.State);
        Assert.Equal(await host.VersionsAsync(community), subscription.Latest.ToDictionary(p => p.Key, p => p.Value.Version));

        var reply = await client.PostReportsAsync(
        [
            Report($"sub-{protocol}-1", sites[0], 1, ResidentStatus.Normal, ResidentStatus.Fever),
            Report($"sub-{protocol}-2", sites[1], 1, ResidentStatus.Normal),
        ]);
        Assert.Equal(2, reply.Accepted);

        var site = await changed.WaitForAsync(s => s.Id == sites[0] && s.ScreenedHouseholds == 1);
        Assert.Equal(1, site.Residents.Fever);
        await changed.WaitForAsync(s => s.Id == community && s.ScreenedHouseholds == 2);
        // What was raised is what the server holds, and versions only grew.
        Assert.Equal((await client.GetUnitAsync(sites[0])).Version, subscription.Latest[sites[0]].Version);
        foreach (var unit in changed.All.GroupBy(s => s.Id))
        {
            var versions = unit.Select(s => s.Version).ToArray();
            Assert.Equal(versions.Order(), versions);
            Assert.Equal(versions.Distinct().Count(), versions.Length);
        }
    }

    [Fact]
    public async Task Cut_off_while_units_change_a_subscription_reconnects_reports_the_gaps_and_ends_with_the_servers_latest_versions()
    {
        const string community = "440307015011";
        await using var proxy = new LoopbackProxy(host.BaseAddress);
        await using var client = new CanvassClient(proxy.Address, FastReconnect(host.Options()));
        await using var subscription = await client.SubscribeAsync(community, new SubscriptionOptions { Children = true });
        var changed = Record(subscription);
        var detected = new Recorder<UnitGap>();
        var repaired = new Recorder<UnitGap>();
        var states = new Recorder<ConnectionStateChange>();
        subscription.GapDetected += detected.Add;
        subscription.GapRepaired += repaired.Add;
        subscription.ConnectionStateChanged += states.Add;
        var sites = subscription.Latest.Keys.Where(id => id != community).Order().ToArray();

        // Live first, so that the client holds versions newer than its snapshot's.
        await host.Http.PostAsync("/api/reports", Json(Report("gap-0", sites[0], 1, ResidentStatus.Normal)));
        await changed.WaitForAsync(s => s.Id == community && s.ScreenedHouseholds == 1);

        proxy.Cut();
        await states.WaitForAsync(s => s.State == ConnectionState.Reconnecting);
        var held = subscription.Latest.ToDictionary(p => p.Key, p => p.Value.Version);

        // While the client is cut off: hundreds of reports over three sites, straight to the server.
        var reports = Enumerable.Range(1, 300).Select(i => Report($"gap-{i}", sites[i % 3], 2 + (i / 3), ResidentStatus.Normal)).ToArray();
        foreach (var batch in reports.Chunk(50))
        {
            (await host.Http.PostAsync("/api/reports", Json(batch))).EnsureSuccessStatusCode();
        }

        var changedMeanwhile = new[] { community, sites[0], sites[1], sites[2] };
        await Wait.UntilAsync(async () => (await host.GetJsonAsync($"/api/units/{community}")).GetProperty("screenedHouseholds").GetInt64() == 301);
        var server = await host.VersionsAsync(community);
        Assert.All(changedMeanwhile, id => Assert.True(server[id] > held[id], $"{id} did not change on the server"));
        Assert.DoesNotContain(changed.All, s => s.ScreenedHouseholds > 1);

        proxy.Restore();
        await repaired.WaitUntilAsync(gaps => changedMeanwhile.All(id => gaps.Any(g => g.UnitId == id)));
        await states.WaitForAsync(s => s.State == ConnectionState.Connected);

        // Exactly the server's latest version of every unit, children included, and a gap for exactly those that changed.
        Assert.Equal(await host.VersionsAsync(community), subscription.Latest.ToDictionary(p => p.Key, p => p.Value.Version));
        Assert.Equal(changedMeanwhile.Order(), detected.All.Select(g => g.UnitId).Order());
        Assert.All(detected.All, g => Assert.Equal((held[g.UnitId], server[g.UnitId]), (g.HeldVersion, g.CurrentVersion)));
        Assert.All(repaired.All, g => Assert.Equal(server[g.UnitId], g.CurrentVersion));
        var communityNow = await changed.WaitForAsync(s => s.Id == community && s.ScreenedHouseholds == 301);
        Assert.Equal(server[community], communityNow.Version);
        Assert.Equal(ResumeMode.SubscribeMany, subscription.Resume);
        Assert.Equal(ConnectionState.Connected, subscription.State);
    }

    [Fact]
    public async Task An_alerts_filter_raises_the_change_that_opens_an_alert_and_not_a_report_that_leaves_alerts_as_they_were()
    {
        const string site = "440309004003-001";
        await using var client = new CanvassClient(host.BaseAddress, host.Options());
        await using var subscription = await client.SubscribeAsync(site, new SubscriptionOptions { Filter = UnitFilter.Alerts });
        var changed = Record(subscription);
        // Unfiltered, on the same site: once it has the report's change, the filtered one has had its chance to raise it.
        await using var everything = await client.SubscribeAsync(site);
        var all = Record(everything);

        await client.PostReportsAsync([Report("filter-1", site, 1, ResidentStatus.Normal)]);
        await all.WaitForAsync(s => s.ScreenedHouseholds == 1);
        await client.PostCheckpointsAsync([new CheckpointReport("filter-2", site, DateTimeOffset.UtcNow.AddSeconds(-1), Closed: false, Staffed: true, TemperatureChecks: 40)]);

        var opened = await changed.WaitForAsync(s => s.OpenAlerts == 1);
        Assert.Equal(1, opened.ScreenedHouseholds);
        Assert.DoesNotContain(changed.All, s => s.OpenAlerts == 0);
    }

    [Fact]
    public async Task ReadAllAsync_yields_the_held_summaries_then_the_changes()
    {
        const string site = "440310006003-001";
        await using var client = new CanvassClient(host.BaseAddress, host.Options());
        await using var subscription = await client.SubscribeAsync(site);
        using var stop = new CancellationTokenSource(Wait.Default);
        var seen = new List<UnitSummary>();
        await using var reader = subscription.ReadAllAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        // The held summary first, before anything is posted: a reader that started after the post would hold 2 already.
        Assert.True(await reader.MoveNextAsync());
        seen.Add(reader.Current);

        await client.PostReportsAsync([Report("read-1", site, 1, ResidentStatus.Normal), Report("read-2", site, 2, ResidentStatus.Normal)]);
        while (seen[^1].ScreenedHouseholds != 2 && await reader.MoveNextAsync())
        {
            seen.Add(reader.Current);
        }

        Assert.Equal(0, seen[0].ScreenedHouseholds);
        Assert.Equal(2, seen[^1].ScreenedHouseholds);
        Assert.Equal(seen.Select(s => s.Version).Order(), seen.Select(s => s.Version));
    }

    [Fact]
    public async Task Subscribing_to_an_unknown_unit_fails_with_the_servers_message_naming_it()
    {
        await using var client = new CanvassClient(host.BaseAddress, host.Options());

        var error = await Assert.ThrowsAsync<CanvassSubscriptionException>(() => client.SubscribeAsync(["440307009003", "9999"]));

        Assert.Contains("9999", error.Message);
    }

    [Fact]
    public async Task The_providers_token_goes_as_a_bearer_header_to_every_REST_request_and_to_the_hubs_negotiate_and_WebSocket()
    {
        await using var proxy = new LoopbackProxy(host.BaseAddress);
        var calls = 0;
        await using var client = new CanvassClient(proxy.Address, new CanvassClientOptions
        {
            AccessTokenProvider = _ =>
            {
                Interlocked.Increment(ref calls);
                return ValueTask.FromResult<string?>(host.AdminToken);
            },
        });

        await client.GetUnitAsync("4403");
        await using var subscription = await client.SubscribeAsync("4403");

        var requests = Regex.Matches(proxy.Requests, @"^(?<line>(GET|POST) \S+) HTTP/1\.1\r\n(?<headers>.*?)\r\n\r\n", RegexOptions.Multiline | RegexOptions.Singleline)
            .ToDictionary(m => m.Groups["line"].Value.Split('?')[0], m => m.Groups["headers"].Value);
        Assert.Equal(["GET /api/units/4403", "GET /hubs/monitor", "POST /hubs/monitor/negotiate"], requests.Keys.Order(StringComparer.Ordinal));
        Assert.All(requests.Values, headers => Assert.Contains($"Authorization: Bearer {host.AdminToken}\r\n", headers + "\r\n"));
        Assert.True(calls >= 2, $"the token provider was called {calls} time(s)");
    }

    /// <summary>Reconnection within a test's patience: at once, then 50 ms doubling up to 250 ms.</summary>
    internal static CanvassClientOptions FastReconnect(CanvassClientOptions options)
    {
        options.ReconnectDelay = TimeSpan.FromMilliseconds(50);
        options.MaxReconnectDelay = TimeSpan.FromMilliseconds(250);
        return options;
    }

    private static Recorder<UnitSummary> Record(CanvassSubscription subscription)
    {
        var recorder = new Recorder<UnitSummary>();
        subscription.Changed += recorder.Add;
        return recorder;
    }

    internal static ScreeningReport Report(string id, string site, int household, params ResidentStatus[] residents) =>
        ScreeningReport.Screened(id, site, household, DateTimeOffset.UtcNow.AddSeconds(-1), "w-88", residents);

    internal static StringContent Json<T>(params T[] items) =>
        new(System.Text.Json.JsonSerializer.Serialize(items, WireJsonOptions.Default), System.Text.Encoding.UTF8, "application/json");
}
