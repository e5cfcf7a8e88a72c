using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Canvass.Gateway.Tests;

[Collection(EmbeddedHostCollection.Name)]
public class PushTests(EmbeddedHostFixture host)
{
    [Fact]
    public async Task Summaries_pushed_to_subscribers_of_the_city_and_a_community_match_the_posted_reports()
    {
        const string community = "440303001002";
        const string site = "440303001002-001";
        await using var cityClient = await host.ConnectAsync();
        await using var communityClient = await host.ConnectAsync();
        var cityUpdates = new Updates(cityClient);
        var communityUpdates = new Updates(communityClient);

        var citySnapshot = await cityClient.InvokeAsync<JsonElement>("Subscribe", "4403", false);
        var communitySnapshot = await communityClient.InvokeAsync<JsonElement>("Subscribe", community, true);
        Assert.Equal("4403", citySnapshot.GetProperty("unit").GetProperty("id").GetString());
        Assert.Equal(0, citySnapshot.GetProperty("children").GetArrayLength());
        Assert.Contains(communitySnapshot.GetProperty("children").EnumerateArray(), c => c.GetProperty("id").GetString() == site);
        var cityBefore = citySnapshot.GetProperty("unit").GetProperty("screenedHouseholds").GetInt64();
        var feverBefore = citySnapshot.GetProperty("unit").GetProperty("residents").GetProperty("fever").GetInt64();

        var response = await host.PostReportsAsync(Reports.Json(
            Reports.Screened("push-1", site, 1, "normal", "fever"),
            Reports.Screened("push-2", site, 2, "normal", "normal", "homeQuarantine"),
            Reports.Screened("push-3", site, 3, "suspected")));
        response.EnsureSuccessStatusCode();

        // Other tests' reports may still be on their way up, so the city can only be held to at least these three.
        await cityUpdates.WaitForAsync(u => Id(u) == "4403" && Screened(u) >= cityBefore + 3
            && u.GetProperty("residents").GetProperty("fever").GetInt64() >= feverBefore + 1);
        var pushedSite = await communityUpdates.WaitForAsync(u => Id(u) == site && Screened(u) == 3);
        Assert.Equal("site", pushedSite.GetProperty("level").GetString());
        Assert.Equal("compound", pushedSite.GetProperty("kind").GetString());
        var residents = pushedSite.GetProperty("residents");
        Assert.Equal((3, 1, 1, 1), (residents.GetProperty("normal").GetInt64(), residents.GetProperty("fever").GetInt64(),
            residents.GetProperty("homeQuarantine").GetInt64(), residents.GetProperty("suspected").GetInt64()));
        var pushedCommunity = await communityUpdates.WaitForAsync(u => Id(u) == community && Screened(u) == 3);
        Assert.Equal(community[..9], pushedCommunity.GetProperty("parentId").GetString());

        // What was pushed is what a reader gets.
        var read = await host.GetJsonAsync($"/api/units/{site}");
        Assert.Equal(pushedSite.GetProperty("version").GetInt64(), read.GetProperty("version").GetInt64());
        Assert.DoesNotContain(cityUpdates.All, u => Id(u) != "4403");
        AssertVersionsGrow(cityUpdates.All);
        AssertVersionsGrow(communityUpdates.All);
    }

    [Fact]
    public async Task After_unsubscribing_a_client_receives_no_more_changes_of_that_unit()
    {
        const string site = "440303001004-001";
        await using var client = await host.ConnectAsync();
        var updates = new Updates(client);
        await client.InvokeAsync<JsonElement>("Subscribe", site, false);
        (await host.PostReportsAsync(Reports.Json(Reports.Screened("unsub-1", site, 1, "normal")))).EnsureSuccessStatusCode();
        await updates.WaitForAsync(u => Id(u) == site && Screened(u) == 1);

        await client.InvokeAsync("Unsubscribe", site);
        await client.InvokeAsync<JsonElement>("Subscribe", "440303001004-002", false);
        (await host.PostReportsAsync(Reports.Json(Reports.Screened("unsub-2", site, 2, "normal"), Reports.Screened("unsub-3", "440303001004-002", 1, "normal")))).EnsureSuccessStatusCode();
        // The change of the other site travels the same path, so once it is here the unsubscribed one would be too.
        await updates.WaitForAsync(u => Id(u) == "440303001004-002" && Screened(u) == 1);

        Assert.DoesNotContain(updates.All, u => Id(u) == site && Screened(u) == 2);
    }

    [Fact]
    public async Task Subscribing_to_an_unknown_unit_fails_with_a_message_naming_it()
    {
        await using var client = await host.ConnectAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => client.InvokeAsync<JsonElement>("Subscribe", "9999", false));

        Assert.Contains("'9999' is not in the registry", error.Message);
    }

    private static string? Id(JsonElement summary) => summary.GetProperty("id").GetString();

    private static long Screened(JsonElement summary) => summary.GetProperty("screenedHouseholds").GetInt64();

    private static void AssertVersionsGrow(IEnumerable<JsonElement> updates)
    {
        foreach (var unit in updates.GroupBy(Id))
        {
            var versions = unit.Select(u => u.GetProperty("version").GetInt64()).ToArray();
            Assert.Equal(versions.Order(), versions);
        }
    }

    /// <summary>Collects UnitChanged pushes and lets a test await one that satisfies a condition.</summary>
    private sealed class Updates
    {
        private readonly ConcurrentQueue<JsonElement> _all = new();
        private readonly List<(Func<JsonElement, bool> Condition, TaskCompletionSource<JsonElement> Done)> _waits = [];

        public Updates(HubConnection connection) => connection.OnUnits(Received);

        public IEnumerable<JsonElement> All => _all;

        public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> condition)
        {
            var done = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_waits)
            {
                if (_all.FirstOrDefault(condition) is { ValueKind: JsonValueKind.Object } seen)
                {
                    return seen;
                }

                _waits.Add((condition, done));
            }

            try
            {
                return await done.Task.WaitAsync(TimeSpan.FromSeconds(20));
            }
            catch (TimeoutException)
            {
                throw new TimeoutException("No matching UnitChanged arrived; received: " + string.Join(" | ", _all.Select(u => u.GetRawText())));
            }
        }

        private void Received(JsonElement summary)
        {
            lock (_waits)
            {
                _all.Enqueue(summary);
                foreach (var wait in _waits.Where(w => w.Condition(summary)).ToArray())
                {
                    _waits.Remove(wait);
                    wait.Done.TrySetResult(summary);
                }
            }
        }
    }
}
