using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Canvass.Gateway.Tests.Push;

/// <summary>Frames over the real hub: a subscriber's pace is kept, and a slow pace still ends on the newest state.</summary>
[Collection(EmbeddedHostCollection.Name)]
public class PaceTests(EmbeddedHostFixture host)
{
    private const string Community = "440309003015";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_slow_pace_keeps_its_pace_with_fuller_frames_and_ends_on_the_same_newest_state_as_every_change()
    {
        var sites = Enumerable.Range(1, 10).Select(i => $"{Community}-{i:000}").ToArray();
        var clock = Stopwatch.StartNew();
        await using var slowConnection = await host.ConnectAsync();
        await using var fastConnection = await host.ConnectAsync();
        var slow = new FrameLog(slowConnection);
        var fast = new FrameLog(fastConnection);
        slow.Copies.KeepAll(await SubscribeAsync(slowConnection, maxRate: 0.5));
        fast.Copies.KeepAll(await SubscribeAsync(fastConnection, maxRate: 0));

        for (var i = 0; i < sites.Length; i++)
        {
            (await host.PostReportsAsync(Reports.Json(Reports.Screened($"pace-{i}", sites[i], 1, "normal")))).EnsureSuccessStatusCode();
        }

        async Task<Dictionary<string, JsonElement>> ReadServerAsync()
        {
            var read = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var id in sites.Prepend(Community))
            {
                read[id] = await host.GetJsonAsync($"/api/units/{id}");
            }

            return read;
        }

        var final = await slow.Copies.ConvergeAsync(ReadServerAsync, Patience);
        await fast.Copies.ConvergeAsync(ReadServerAsync, Patience);
        var elapsed = clock.Elapsed;

        // The pace: from the first subscribe to now, at most one frame at once and then one per 2 s.
        var slowFrames = slow.Frames;
        Assert.True(slowFrames.Count <= 1 + (int)(elapsed.TotalSeconds * 0.5),
            $"{slowFrames.Count} frames in {elapsed.TotalSeconds:0.0} s at maxRate 0.5");
        // Every site changed and each reached the slow reader, in frames that carry several units each.
        Assert.All(sites, s => Assert.Contains(slowFrames, f => f.Any(u => UnitCopies.Id(u) == s)));
        Assert.True(slowFrames.Sum(f => f.Count) > slowFrames.Count, "no frame carried more than one unit");
        foreach (var log in new[] { slow, fast })
        {
            log.AssertEachUnitOnceAndVersionsGrow();
            Assert.All(final, s => Assert.Equal(UnitCopies.Version(s.Value), UnitCopies.Version(log.Copies[s.Key])));
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1000)]
    public async Task SubscribeMany_refuses_a_pace_out_of_range(double maxRate)
    {
        await using var connection = await host.ConnectAsync();
        var e = await Assert.ThrowsAsync<HubException>(() => SubscribeAsync(connection, maxRate));
        Assert.Contains("maxRate", e.Message);
    }

    [Fact]
    public async Task The_event_stream_refuses_a_pace_that_is_not_a_number()
    {
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", host.AdminToken);
        using var response = await http.GetAsync($"/api/stream?units={Community}&maxRate=fast");
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("maxRate", await response.Content.ReadAsStringAsync());
    }

    private static async Task<IEnumerable<JsonElement>> SubscribeAsync(HubConnection connection, double maxRate)
    {
        var answer = await connection.InvokeAsync<JsonElement>("SubscribeMany", new { units = new[] { new { id = Community, children = true } }, maxRate });
        return answer.GetProperty("units").EnumerateArray().Select(u => u.Clone()).ToArray();
    }

    /// <summary>Every frame a connection received, and its copies.</summary>
    private sealed class FrameLog
    {
        private readonly List<IReadOnlyList<JsonElement>> _frames = [];

        public FrameLog(HubConnection connection) => connection.On<JsonElement>(Canvass.TestSupport.Frames.Method, frame =>
        {
            var units = Canvass.TestSupport.Frames.Units(frame).Select(u => u.Clone()).ToArray();
            lock (_frames)
            {
                _frames.Add(units);
            }

            Copies.KeepAll(units);
        });

        public UnitCopies Copies { get; } = new();

        public IReadOnlyList<IReadOnlyList<JsonElement>> Frames
        {
            get
            {
                lock (_frames)
                {
                    return [.. _frames];
                }
            }
        }

        public void AssertEachUnitOnceAndVersionsGrow()
        {
            var last = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var frame in Frames)
            {
                Assert.Equal(frame.Count, frame.Select(UnitCopies.Id).Distinct().Count());
                foreach (var unit in frame)
                {
                    Assert.True(!last.TryGetValue(UnitCopies.Id(unit), out var had) || UnitCopies.Version(unit) > had, $"{UnitCopies.Id(unit)} went back to v{UnitCopies.Version(unit)}");
                    last[UnitCopies.Id(unit)] = UnitCopies.Version(unit);
                }
            }
        }
    }
}
