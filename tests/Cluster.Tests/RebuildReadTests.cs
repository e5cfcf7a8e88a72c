using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace Canvass.Cluster.Tests;

/// <summary>
/// The embedded default with aggregates that wait only briefly, for their children and for a read: after a restart
/// they answer with what they have at once, so that a read finds units part-way through their rebuild, which the
/// default patience mostly hides.
/// </summary>
public sealed class ImpatientEmbeddedServer : EmbeddedServer
{
    protected override string[] Settings => ["--Rollup:ActivationPullPatience=00:00:00.050", "--Rollup:LoadingPatience=00:00:00.100"];
}

/// <summary>
/// The embedded default killed with SIGKILL and started again, read and watched from the first moment its port
/// answers, while the tree is still being rebuilt from the journal: nothing it shows may be below what it showed
/// before the crash.
/// </summary>
public sealed class RebuildReadTests(ImpatientEmbeddedServer embedded, ITestOutputHelper output) : IClassFixture<ImpatientEmbeddedServer>
{
    private static readonly string[] Statuses = ["normal", "fever", "keyAreaObservation", "homeQuarantine", "centralQuarantine", "suspected", "confirmed"];

    private ServerProcess Server => embedded.Process;

    [Fact]
    public async Task A_read_during_the_rebuild_never_shows_a_lower_version_than_before_the_crash()
    {
        using var http = TestTokens.Client(Server.Url);
        // Every third site of the city has a journal, so that the rebuild reloads thousands of them.
        var sites = CrashTests.Sites().Where((_, i) => i % 3 == 0).ToArray();
        var random = new Random(12);
        for (var b = 0; b * 1000 < sites.Length * 2; b++)
        {
            var batch = Enumerable.Range(0, 1000).Select(i =>
            {
                var site = sites[(b * 1000 + i) % sites.Length];
                return new Dictionary<string, object>
                {
                    ["reportId"] = $"rebuild-{b}-{i}",
                    ["siteId"] = site.Id,
                    ["household"] = 1 + random.Next(site.Households),
                    ["screenedAt"] = DateTimeOffset.UtcNow.AddMinutes(-20).AddMilliseconds(b * 1000 + i),
                    ["screenerId"] = "w-3",
                    ["residents"] = new[] { new { status = i % 7 == 0 ? "fever" : "normal" } },
                };
            }).ToArray();
            (await http.PostAsJsonAsync("/api/reports", batch)).EnsureSuccessStatusCode();
        }

        var before = await RestartTests.SettledCityAsync(http, expectedVersion: null);
        var expected = before.GetProperty("version").GetInt64();
        // The districts too: each is read on its own below, and may be rebuilt before or after the city.
        var shown = (await http.GetFromJsonAsync<JsonElement[]>("/api/units/4403/children"))!
            .Append(before).ToDictionary(s => s.GetProperty("id").GetString()!);
        Server.Kill();
        await Server.StartAsync(TimeSpan.FromSeconds(90), "/health/live");

        // A wall display connecting at once: every summary it is given, answer or push, is recorded.
        var pushed = new ConcurrentQueue<JsonElement>();
        var exact = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Received(JsonElement summary)
        {
            pushed.Enqueue(summary);
            if (summary.GetProperty("version").GetInt64() == expected)
            {
                exact.TrySetResult(summary);
            }
        }

        await using var hub = new HubConnectionBuilder().WithUrl(new Uri(Server.Url, "/hubs/monitor"), TestTokens.Hub()).Build();
        hub.OnUnits(Received);
        var subscribing = SubscribeAsync(hub, Received);

        var (answered, loading, notReady) = (0, 0, 0);
        var exactAt = new HashSet<string>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (exactAt.Count < shown.Count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"units not back at their versions within 120 s of the restart: {string.Join(", ", shown.Keys.Except(exactAt))}");
            // The city and every district at once, again and again, from the first moment the port answers.
            var reads = await Task.WhenAll(shown.Keys.Select(async id => (Id: id, Response: await http.GetAsync($"/api/units/{id}"))));
            foreach (var (id, response) in reads)
            {
                using (response)
                {
                    if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                    {
                        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                        Assert.NotNull(response.Headers.RetryAfter?.Delta);
                        loading++;
                        continue;
                    }

                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    var unit = await response.Content.ReadFromJsonAsync<JsonElement>();
                    AssertNotBelow(shown[id], unit, $"a read of {id}");
                    answered++;
                    if (unit.GetProperty("version").GetInt64() == shown[id].GetProperty("version").GetInt64())
                    {
                        exactAt.Add(id);
                    }
                }
            }
        }

        // The warm-up walks the rest of the tree after the city is back.
        var readyIn = deadline - DateTime.UtcNow;
        await Eventually.UntilAsync(async () =>
        {
            using var ready = await http.GetAsync("/health/ready");
            notReady += ready.IsSuccessStatusCode ? 0 : 1;
            return ready.IsSuccessStatusCode;
        }, "the server to say ready within 120 s of the restart", readyIn > TimeSpan.Zero ? readyIn : TimeSpan.Zero, TimeSpan.FromMilliseconds(200));

        await subscribing;
        var last = await exact.Task.WaitAsync(TimeSpan.FromSeconds(60));
        output.WriteLine($"after the restart: {loading} reads answered 503, {answered} answered, /health/ready then not ready {notReady} times; {pushed.Count} summaries at the hub");
        Assert.NotEmpty(pushed);
        foreach (var summary in pushed)
        {
            AssertNotBelow(before, summary, "a hub summary");
        }

        foreach (var figure in new[] { "screenedHouseholds", "version", "lastReportAt", "residents" })
        {
            Assert.Equal(before.GetProperty(figure).GetRawText(), last.GetProperty(figure).GetRawText());
        }
    }

    /// <summary>Subscribes to the city, again while the hub says it is still loading (it is followed meanwhile).</summary>
    private static async Task SubscribeAsync(HubConnection hub, Action<JsonElement> received)
    {
        await hub.StartAsync();
        while (true)
        {
            try
            {
                var snapshot = await hub.InvokeAsync<JsonElement>("Subscribe", "4403", false);
                received(snapshot.GetProperty("unit"));
                return;
            }
            catch (HubException e) when (e.Message.Contains("being rebuilt", StringComparison.Ordinal))
            {
                // As the web app does: call again.
            }
        }
    }

    /// <summary>Reports only add here: each figure at least what the city showed before the crash.</summary>
    private static void AssertNotBelow(JsonElement before, JsonElement shown, string what)
    {
        Assert.True(shown.GetProperty("version").GetInt64() >= before.GetProperty("version").GetInt64(), $"{what} showed version {shown.GetProperty("version")}, below {before.GetProperty("version")} before the crash: {shown}");
        Assert.True(shown.GetProperty("screenedHouseholds").GetInt64() >= before.GetProperty("screenedHouseholds").GetInt64(), $"{what} showed fewer households screened than before the crash: {shown}");
        foreach (var status in Statuses)
        {
            Assert.True(shown.GetProperty("residents").GetProperty(status).GetInt64() >= before.GetProperty("residents").GetProperty(status).GetInt64(), $"{what} showed fewer {status} residents than before the crash: {shown}");
        }

        Assert.True(shown.GetProperty("lastReportAt").GetDateTimeOffset() >= before.GetProperty("lastReportAt").GetDateTimeOffset(), $"{what} showed an older last report than before the crash: {shown}");
    }
}
