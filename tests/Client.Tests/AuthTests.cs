using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Canvass.Gateway.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using static Canvass.Client.Tests.CanvassSubscriptionTests;

namespace Canvass.Client.Tests;

/// <summary>Tokens through the real host: the errors a client gets without one or beyond its unit, and a token that expires on a live subscription.</summary>
[Collection(HostCollection.Name)]
public class AuthTests(HostFixture host)
{
    private const string Futian = "440304";
    private const string FutianCommunity = "440304001020";
    private const string FutianSite = "440304001019-001";
    private const string LonggangCommunity = "440307009003";

    [Fact]
    public async Task Without_a_token_reads_and_subscriptions_are_401_problems_that_say_how_to_get_one()
    {
        await using var client = new CanvassClient(host.BaseAddress);

        var read = await Assert.ThrowsAsync<CanvassApiException>(() => client.GetUnitAsync(Futian));
        var subscribe = await Assert.ThrowsAsync<CanvassApiException>(() => client.SubscribeAsync(Futian));

        Assert.Equal((HttpStatusCode.Unauthorized, "Not signed in"), (read.Status, read.Title));
        Assert.Contains("bearer token", read.Detail);
        Assert.Contains("-- token --role", read.Detail);
        Assert.Equal((read.Status, read.Title, read.Detail), (subscribe.Status, subscribe.Title, subscribe.Detail));
    }

    [Fact]
    public async Task A_token_not_signed_by_the_server_is_a_401_problem_saying_it_is_not_valid_here()
    {
        var foreign = new TokenIssuer(new AuthOptions(), SigningKeys.Resolve(new AuthOptions { SigningKey = SigningKeys.NewKey() })!, TimeProvider.System)
            .Mint("display-440304", Roles.Display, Futian, TimeSpan.FromHours(1)).Token;
        await using var client = new CanvassClient(host.BaseAddress, host.Options(foreign));

        var read = await Assert.ThrowsAsync<CanvassApiException>(() => client.GetRootAsync());
        var subscribe = await Assert.ThrowsAsync<CanvassApiException>(() => client.SubscribeAsync(Futian));

        Assert.Equal((HttpStatusCode.Unauthorized, "Not signed in"), (read.Status, read.Title));
        Assert.Contains("not valid here", read.Detail);
        Assert.Equal((read.Status, read.Detail), (subscribe.Status, subscribe.Detail));
    }

    [Fact]
    public async Task A_display_token_of_another_district_sees_its_units_as_unknown_and_may_not_write()
    {
        await using var client = new CanvassClient(host.BaseAddress, host.Options(host.Mint(Roles.Display, Futian, TimeSpan.FromHours(1)).Token));

        Assert.Equal(Futian, (await client.GetRootAsync()).Id);
        var outside = await Assert.ThrowsAsync<CanvassApiException>(() => client.GetUnitAsync(LonggangCommunity));
        var unknown = await Assert.ThrowsAsync<CanvassApiException>(() => client.GetUnitAsync("440304999999"));
        var subscribeOutside = await Assert.ThrowsAsync<CanvassSubscriptionException>(() => client.SubscribeAsync([FutianCommunity, LonggangCommunity]));
        var subscribeUnknown = await Assert.ThrowsAsync<CanvassSubscriptionException>(() => client.SubscribeAsync([FutianCommunity, "440304999999"]));
        var write = await Assert.ThrowsAsync<CanvassApiException>(() => client.PostReportsAsync([Report("auth-1", FutianSite, 1, ResidentStatus.Normal)]));

        // Beyond the token's unit is answered exactly as an id the registry does not hold: only the id differs.
        Assert.Equal((HttpStatusCode.NotFound, "Unknown unit"), (outside.Status, outside.Title));
        Assert.Equal(unknown.Detail!.Replace("440304999999", LonggangCommunity, StringComparison.Ordinal), outside.Detail);
        Assert.EndsWith($"Unit '{LonggangCommunity}' is not in the registry.", subscribeOutside.Message);
        Assert.Equal(subscribeUnknown.Message.Replace("440304999999", LonggangCommunity, StringComparison.Ordinal), subscribeOutside.Message);
        Assert.Equal((HttpStatusCode.Forbidden, "Not allowed"), (write.Status, write.Title));
        Assert.Contains("'display'", write.Detail);
        Assert.Equal(0, (await host.GetJsonAsync($"/api/units/{FutianSite}")).GetProperty("screenedHouseholds").GetInt64());
    }

    [Fact]
    public void A_client_given_both_a_token_and_a_provider_is_refused_at_construction()
    {
        var options = new CanvassClientOptions { AccessToken = "a", AccessTokenProvider = _ => ValueTask.FromResult<string?>("b") };

        var error = Assert.Throws<ArgumentException>(() => new CanvassClient(host.BaseAddress, options));

        Assert.Contains("not both", error.Message);
    }

    [Fact]
    public async Task A_token_that_expires_on_a_live_subscription_is_replaced_from_the_provider_and_the_subscription_ends_with_the_servers_latest_versions()
    {
        var first = host.Mint(Roles.Display, Futian, TimeSpan.FromSeconds(3)).Token;
        var firstExpires = new DateTimeOffset(new JsonWebToken(first).ValidTo, TimeSpan.Zero);
        CanvassSubscription? live = null;
        Dictionary<string, long>? heldWhenAsked = null;
        var asked = new ConcurrentQueue<DateTimeOffset>();
        var options = FastReconnect(new CanvassClientOptions
        {
            AccessTokenProvider = async _ =>
            {
                if (Volatile.Read(ref live) is not { } subscription)
                {
                    return first;
                }

                // Asked again only for a reconnection. Like a token service that takes a moment, answer once the
                // server has moved on from what the subscription holds, so that the catch-up has a gap to repair.
                asked.Enqueue(DateTimeOffset.UtcNow);
                if (heldWhenAsked is null)
                {
                    var held = heldWhenAsked = subscription.Latest.ToDictionary(p => p.Key, p => p.Value.Version);
                    await Wait.UntilAsync(async () => (await host.GetJsonAsync($"/api/units/{FutianCommunity}")).GetProperty("version").GetInt64() > held[FutianCommunity]);
                }

                return host.Mint(Roles.Display, Futian, TimeSpan.FromHours(1)).Token;
            },
        });
        await using var client = new CanvassClient(host.BaseAddress, options);
        await using var subscription = await client.SubscribeAsync(FutianCommunity, new SubscriptionOptions { Children = true });
        var changed = new Recorder<UnitSummary>();
        var detected = new Recorder<UnitGap>();
        var repaired = new Recorder<UnitGap>();
        var states = new Recorder<(ConnectionStateChange Change, DateTimeOffset At)>();
        var arrivals = new Recorder<DateTimeOffset>();
        subscription.Changed += changed.Add;
        subscription.Changed += _ => arrivals.Add(DateTimeOffset.UtcNow);
        subscription.GapDetected += detected.Add;
        subscription.GapRepaired += repaired.Add;
        subscription.ConnectionStateChanged += c => states.Add((c, DateTimeOffset.UtcNow));
        Volatile.Write(ref live, subscription);
        var sites = subscription.Latest.Keys.Where(id => id != FutianCommunity).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(3, sites.Length);

        // Reports keep coming, straight to the server, before the token expires, while the client is away, and after.
        using var stopWriting = new CancellationTokenSource();
        var writer = WriteUntilAsync(sites, stopWriting.Token);
        await states.WaitUntilAsync(s => s.Any(c => c.Change.State == ConnectionState.Connected));
        var resumed = await repaired.WaitForAsync(g => g.UnitId == FutianCommunity);
        await changed.WaitForAsync(s => s.Id == FutianCommunity && s.Version > resumed.CurrentVersion);
        // The server checks expiry every second: a reconnection on a token already expired (which the clock skew
        // admits) would be closed within one. Live changes two seconds on show this connection's token is fresh.
        var connectedAt = states.All.First(s => s.Change.State == ConnectionState.Connected).At;
        await arrivals.WaitForAsync(at => at > connectedAt + TimeSpan.FromSeconds(2));
        await stopWriting.CancelAsync();
        var households = await writer;
        await Wait.UntilAsync(async () => (await host.GetJsonAsync($"/api/units/{FutianCommunity}")).GetProperty("screenedHouseholds").GetInt32() == 3 * households);

        // The server closed the first connection when its token expired, and the provider's next token let the first attempt in.
        var lost = states.All[0];
        Assert.Equal(ConnectionState.Reconnecting, lost.Change.State);
        Assert.True(lost.At >= firstExpires, $"the connection was lost at {lost.At:O}, before the token expired at {firstExpires:O}");
        Assert.Equal([ConnectionState.Reconnecting, ConnectionState.Connected], states.All.Select(s => s.Change.State));
        Assert.Equal(ResumeMode.SubscribeMany, states.All[1].Change.Resume);
        Assert.NotEmpty(asked);
        Assert.All(asked, at => Assert.True(at >= firstExpires));

        // Gaps for what changed while it was away, each repaired; then exactly the server's latest of every unit.
        Assert.Contains(detected.All, g => g.UnitId == FutianCommunity);
        Assert.All(detected.All, g => Assert.True(g.HeldVersion == heldWhenAsked![g.UnitId] && g.CurrentVersion > g.HeldVersion, g.ToString()));
        Assert.Equal(detected.All.Select(g => g.UnitId), repaired.All.Select(g => g.UnitId));
        var server = new Dictionary<string, (long Version, long Screened)>(StringComparer.Ordinal);
        foreach (var id in sites.Append(FutianCommunity))
        {
            var unit = await host.GetJsonAsync($"/api/units/{id}");
            server[id] = (unit.GetProperty("version").GetInt64(), unit.GetProperty("screenedHouseholds").GetInt64());
        }

        await changed.WaitUntilAsync(_ => Held(subscription).Count(p => server[p.Key] == p.Value) == server.Count);
        Assert.Equal(server.OrderBy(p => p.Key, StringComparer.Ordinal), Held(subscription).OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.All(sites, id => Assert.Equal(households, server[id].Screened));
    }

    private static Dictionary<string, (long Version, long Screened)> Held(CanvassSubscription subscription) =>
        subscription.Latest.ToDictionary(p => p.Key, p => (p.Value.Version, p.Value.ScreenedHouseholds), StringComparer.Ordinal);

    /// <summary>One report per site every 100 ms, each a new household, until stopped; answers how many households each site got.</summary>
    private async Task<int> WriteUntilAsync(string[] sites, CancellationToken stop)
    {
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        var household = 0;
        while (!stop.IsCancellationRequested)
        {
            household++;
            using var response = await host.Http.PostAsync("/api/reports", CanvassSubscriptionTests.Json(sites.Select(site => Report($"expiry-{site}-{household}", site, household, ResidentStatus.Normal)).ToArray()));
            response.EnsureSuccessStatusCode();
            Assert.Equal(sites.Length, (await response.Content.ReadFromJsonAsync<IngestResult>(WireJsonOptions.Default))!.Accepted);
            try
            {
                await pace.WaitForNextTickAsync(stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return household;
    }
}
