using System.Net.Http.Json;
using System.Text.Json;

namespace Canvass.Cluster.Tests;

/// <summary>Quarantines, checks and care across the city in the embedded default, killed with SIGKILL and started again.</summary>
public sealed class CareRestartTests(EmbeddedServer embedded) : IClassFixture<EmbeddedServer>
{
    // Figures that move with the time of day (which slot a check meets, a check time passing): the same before and after.
    private static readonly string[] TimeOfDay = ["checksDone", "checksMissed"];

    private ServerProcess Server => embedded.Process;

    [Fact]
    public async Task After_a_kill_and_a_restart_every_care_figure_of_the_city_is_exact_and_as_before()
    {
        using var http = TestTokens.Client(Server.Url);
        var sites = CrashTests.Sites().Where((_, i) => i % 211 == 0).Select(s => s.Id).ToArray();
        var now = DateTimeOffset.UtcNow;
        var quarantines = sites.Select((site, j) => new Dictionary<string, object>
        {
            ["quarantineId"] = $"rq-{j}", ["siteId"] = site, ["household"] = 1, ["kind"] = j % 2 == 0 ? "homeQuarantine" : "keyAreaObservation",
            ["start"] = now.AddDays(-1), ["plannedEnd"] = now.AddDays(13), ["residents"] = 2,
        }).ToArray();
        var checks = sites.Select((site, j) => (site, j)).Where(s => s.j % 3 == 0).Select(s => new Dictionary<string, object>
        {
            ["checkId"] = $"rk-{s.j}", ["siteId"] = s.site, ["household"] = 1, ["at"] = now.AddMinutes(-10), ["readings"] = new[] { new { status = "normal" }, new { status = "normal" } },
        }).ToArray();
        // Open groceries everywhere (due in 6 h), medicine requested 3 h ago (overdue after 2 h) at every fourth site,
        // and water at every fifth, delivered ten minutes after it was requested.
        var care = sites.Select((site, j) => Care($"rc-{j}", site, 2, "groceries", now.AddMinutes(-20)))
            .Concat(sites.Select((site, j) => (site, j)).Where(s => s.j % 4 == 0).Select(s => Care($"rm-{s.j}", s.site, 3, "medicine", now.AddHours(-3))))
            .Concat(sites.Select((site, j) => (site, j)).Where(s => s.j % 5 == 0).Select(s => Care($"rw-{s.j}", s.site, 4, "water", now.AddMinutes(-15))))
            .ToArray();
        await PostAllAcceptedAsync(http, "/api/quarantines", quarantines);
        await PostAllAcceptedAsync(http, "/api/health-checks", checks);
        await PostAllAcceptedAsync(http, "/api/care", care);
        foreach (var (site, j) in sites.Select((site, j) => (site, j)).Where(s => s.j % 5 == 0))
        {
            using var delivered = await http.PostAsJsonAsync($"/api/care/{Uri.EscapeDataString($"{site}~rw-{j}")}/deliver", new { at = now.AddMinutes(-5) });
            delivered.EnsureSuccessStatusCode();
        }

        var before = await RestartTests.SettledCityAsync(http, expectedVersion: null);
        Server.Kill();
        await Server.StartAsync(TimeSpan.FromSeconds(90));
        var after = await RestartTests.SettledCityAsync(http, before.GetProperty("version").GetInt64());

        int Count(int every) => sites.Where((_, j) => j % every == 0).Count();
        Assert.Equal(JsonSerializer.Serialize(new { homeQuarantine = Count(2), keyAreaObservation = sites.Length - Count(2) }), after.GetProperty("quarantinedHouseholds").GetRawText());
        Assert.Equal(sites.Length + Count(4), after.GetProperty("careOpen").GetInt32());
        Assert.Equal(Count(4), after.GetProperty("careOverdue").GetInt32());
        Assert.Equal(Count(5), after.GetProperty("careDeliveredToday").GetInt32());
        // Ten minutes from request to delivery: the bucket of 10 to 15 minutes.
        Assert.Equal(12.5, after.GetProperty("careDeliveryMedianMinutes").GetDouble());
        // Every quarantine runs all of today (from yesterday for 14 days): both check times of today are due.
        Assert.Equal(2 * sites.Length, after.GetProperty("checksDueToday").GetInt32());
        Assert.Equal((0, 0), (after.GetProperty("quarantinesEndingToday").GetInt32(), after.GetProperty("quarantinesOverdue").GetInt32()));
        Assert.True(after.GetProperty("checksDone").GetInt32() + after.GetProperty("checksMissed").GetInt32() <= 2 * sites.Length);
        foreach (var figure in TimeOfDay.Concat(["checksDueToday", "quarantinesEndingToday", "quarantinesOverdue", "quarantinedHouseholds", "careOpen", "careOverdue", "careDeliveredToday", "careDeliveryMedianMinutes", "openAlerts"]))
        {
            Assert.True(before.GetProperty(figure).GetRawText() == after.GetProperty(figure).GetRawText(), $"{figure}: {before.GetProperty(figure)} before, {after.GetProperty(figure)} after");
        }

        var again = await (await http.PostAsJsonAsync("/api/care", care)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(care.Length, again.GetProperty("duplicates").GetInt32());
    }

    private static Dictionary<string, object> Care(string id, string site, int household, string category, DateTimeOffset requestedAt) => new()
    {
        ["careId"] = id, ["siteId"] = site, ["household"] = household, ["category"] = category, ["requestedAt"] = requestedAt,
    };

    private static async Task PostAllAcceptedAsync(HttpClient http, string path, Dictionary<string, object>[] items)
    {
        using var response = await http.PostAsJsonAsync(path, items);
        response.EnsureSuccessStatusCode();
        var reply = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(reply.GetProperty("accepted").GetInt32() == items.Length, $"{path}: {reply}");
    }
}
