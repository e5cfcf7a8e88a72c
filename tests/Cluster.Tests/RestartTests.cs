using System.Net.Http.Json;
using System.Text.Json;

namespace Canvass.Cluster.Tests;

/// <summary>The embedded default (one process, SQLite file) killed with SIGKILL and started again.</summary>
public sealed class RestartTests(EmbeddedServer embedded) : IClassFixture<EmbeddedServer>
{
    private ServerProcess Server => embedded.Process;

    [Fact]
    public async Task After_a_kill_and_a_restart_the_figures_are_as_before_and_duplicates_stay_duplicates()
    {
        using var http = TestTokens.Client(Server.Url);
        var sites = CrashTests.Sites().Where((_, i) => i % 97 == 0).ToArray();
        var random = new Random(5);
        var batches = Enumerable.Range(0, 20).Select(b => Enumerable.Range(0, 250).Select(i => new Dictionary<string, object>
        {
            ["reportId"] = $"restart-{b}-{i}",
            ["siteId"] = sites[random.Next(sites.Length)].Id,
            ["household"] = 1 + random.Next(60),
            ["screenedAt"] = DateTimeOffset.UtcNow.AddMinutes(-30).AddSeconds(b * 250 + i),
            ["screenerId"] = "w-2",
            ["residents"] = new[] { new { status = i % 9 == 0 ? "homeQuarantine" : "normal" } },
        }).ToArray()).ToArray();
        foreach (var batch in batches)
        {
            (await http.PostAsJsonAsync("/api/reports", batch)).EnsureSuccessStatusCode();
        }

        var before = await SettledCityAsync(http, expectedVersion: null);
        Server.Kill();
        await Server.StartAsync(TimeSpan.FromSeconds(90));
        var after = await SettledCityAsync(http, before.GetProperty("version").GetInt64());

        foreach (var figure in new[] { "screenedHouseholds", "version", "lastReportAt" })
        {
            Assert.Equal(before.GetProperty(figure).GetRawText(), after.GetProperty(figure).GetRawText());
        }

        Assert.Equal(before.GetProperty("residents").GetRawText(), after.GetProperty("residents").GetRawText());
        var again = await (await http.PostAsJsonAsync("/api/reports", batches[3])).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(250, again.GetProperty("duplicates").GetInt32());
    }

    /// <summary>The city once its version stops moving (or reaches the one expected after recovery).</summary>
    internal static async Task<JsonElement> SettledCityAsync(HttpClient http, long? expectedVersion)
    {
        // Settled: the version expected, or (none expected) the same version on two reads 500 ms apart.
        long? previous = null;
        return await Eventually.UntilAsync(() => http.GetFromJsonAsync<JsonElement>("/api/units/4403"), city =>
        {
            var version = city.GetProperty("version").GetInt64();
            var settled = expectedVersion is { } expected ? version == expected : version == previous;
            previous = version;
            return settled;
        }, $"the city to settle{(expectedVersion is null ? "" : $" at version {expectedVersion}")}", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(500));
    }
}
