using static Canvass.Client.Tests.LegacyServer;

namespace Canvass.Client.Tests;

/// <summary>Resuming against a server without <c>SubscribeMany</c>: <c>Subscribe</c> per unit and a comparison of versions in the client.</summary>
public class LegacyResumeTests
{
    [Fact]
    public async Task A_reconnection_subscribes_per_unit_reports_the_units_that_moved_on_and_ends_with_the_servers_versions()
    {
        await using var server = await StartAsync(Unit("c", 10), Unit("c-1", 20, "c"), Unit("c-2", 30, "c"));
        await using var proxy = new LoopbackProxy(server.BaseAddress);
        await using var client = new CanvassClient(proxy.Address, CanvassSubscriptionTests.FastReconnect(new CanvassClientOptions()));
        await using var subscription = await client.SubscribeAsync("c", new SubscriptionOptions { Children = true });
        var changed = new Recorder<UnitSummary>();
        var detected = new Recorder<UnitGap>();
        var repaired = new Recorder<UnitGap>();
        var states = new Recorder<ConnectionStateChange>();
        subscription.Changed += changed.Add;
        subscription.GapDetected += detected.Add;
        subscription.GapRepaired += repaired.Add;
        subscription.ConnectionStateChanged += states.Add;
        Assert.Equal(ResumeMode.Subscribe, subscription.Resume);
        Assert.Equal(server.Store.Versions, subscription.Latest.ToDictionary(p => p.Key, p => p.Value.Version));

        await server.PushAsync(Unit("c-1", 21, "c"));
        await changed.WaitForAsync(s => s.Id == "c-1" && s.Version == 21);
        await server.PushAsync(Unit("c-1", 19, "c") with { Name = "late" });
        proxy.Cut();
        await states.WaitForAsync(s => s.State == ConnectionState.Reconnecting);
        server.Store.Set(Unit("c", 15));
        server.Store.Set(Unit("c-1", 25, "c"));
        proxy.Restore();

        await states.WaitForAsync(s => s.State == ConnectionState.Connected && s.Resume == ResumeMode.Subscribe);
        Assert.Equal(server.Store.Versions, subscription.Latest.ToDictionary(p => p.Key, p => p.Value.Version));
        Assert.Equal([new UnitGap("c", 10, 15), new UnitGap("c-1", 21, 25)], detected.All.OrderBy(g => g.UnitId, StringComparer.Ordinal));
        Assert.Equal(detected.All, repaired.All);
        Assert.DoesNotContain(changed.All, s => s.Name == "late");
        Assert.Equal([21L, 25L], changed.All.Where(s => s.Id == "c-1").Select(s => s.Version));
    }

    [Fact]
    public async Task A_server_whose_versions_went_back_is_followed_after_reconnecting_instead_of_ignored()
    {
        await using var server = await StartAsync(Unit("c", 1_000));
        await using var proxy = new LoopbackProxy(server.BaseAddress);
        await using var client = new CanvassClient(proxy.Address, CanvassSubscriptionTests.FastReconnect(new CanvassClientOptions()));
        await using var subscription = await client.SubscribeAsync("c");
        var changed = new Recorder<UnitSummary>();
        var states = new Recorder<ConnectionStateChange>();
        subscription.Changed += changed.Add;
        subscription.ConnectionStateChanged += states.Add;

        proxy.Cut();
        await states.WaitForAsync(s => s.State == ConnectionState.Reconnecting);
        server.Store.Set(Unit("c", 3));
        proxy.Restore();
        await states.WaitForAsync(s => s.State == ConnectionState.Connected);
        await server.PushAsync(Unit("c", 4));

        await changed.WaitForAsync(s => s.Version == 4);
        Assert.Equal([3L, 4L], changed.All.Select(s => s.Version));
        Assert.Equal(4, subscription.Latest["c"].Version);
    }
}
