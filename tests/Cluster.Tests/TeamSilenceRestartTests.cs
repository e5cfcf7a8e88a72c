using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Canvass.Gateway.Auth;

namespace Canvass.Cluster.Tests;

/// <summary>
/// Silent teams through the real host on a fake clock, stopped and started again on the same SQLite file: an alert
/// raised and acknowledged before the stop reads the same after it, a team that turned silent while the host was
/// down is raised by the first look at start, and a silent team heard from elsewhere after the start is cleared.
/// </summary>
public sealed class TeamSilenceRestartTests : IAsyncLifetime
{
    private const string Community = "440304005021";
    private const string SiteA = Community + "-001", SiteB = Community + "-002";
    private static readonly DateTimeOffset Morning = new(2020, 2, 3, 9, 0, 0, TimeSpan.FromHours(8));

    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("canvass-silence-");

    private string[] Settings =>
        [$"--Storage:SqlitePath={Path.Combine(_data.FullName, "canvass.db")}", "--Uploads:CheckInterval=00:00:00.200", "--Rollup:StaleCheckInterval=00:00:01"];

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _data.Delete(recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_silence_and_its_acknowledgement_survive_a_restart_and_one_due_while_down_is_raised_at_start()
    {
        var before = "";
        await WithHostAsync(Morning, async host =>
        {
            using var first = host.Client(host.Token(Roles.Screener, Community, "w-first"));
            using var second = host.Client(host.Token(Roles.Screener, Community, "w-second"));
            using var supervisor = host.Client(host.Token(Roles.Supervisor, Community, "sup-restart"));

            // 09:00 the first team at site A, 10:00 the second at site B; at 11:01 the first is silent, and acknowledged.
            await UploadAsync(host, first, "sr-1", SiteA, 1);
            host.Clock!.SetUtcNow(Morning.AddHours(1));
            await UploadAsync(host, second, "sr-2", SiteB, 1);
            host.Clock.SetUtcNow(Morning.AddHours(2).AddMinutes(1));
            var silent = (await Eventually.UntilAsync(() => AlertsAsync(supervisor, SiteA), l => l.Any(a => IsSilent(a, "w-first")), "the first team's silence")).Single(a => IsSilent(a, "w-first"));
            using var ack = await supervisor.PostAsJsonAsync($"/api/alerts/{Uri.EscapeDataString(silent.GetProperty("id").GetString()!)}/ack", new { by = "Li Wei", note = "team lead called" });
            Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
            before = (await AlertsAsync(supervisor, SiteA)).Single(a => IsSilent(a, "w-first")).GetRawText();
        });

        // Started again at 12:01, past the second team's two hours (12:00) while down.
        await WithHostAsync(Morning.AddHours(3).AddMinutes(1), async host =>
        {
            using var first = host.Client(host.Token(Roles.Screener, Community, "w-first"));
            using var supervisor = host.Client(host.Token(Roles.Supervisor, Community, "sup-restart"));

            Assert.Equal(before, (await AlertsAsync(supervisor, SiteA)).Single(a => IsSilent(a, "w-first")).GetRawText());
            // The host is ready once the warm-up's look has run: the second team's alert is there at once.
            var due = (await AlertsAsync(supervisor, SiteB)).Single(a => IsSilent(a, "w-second"));
            Assert.Equal(Morning.AddHours(3), due.GetProperty("raisedAt").GetDateTimeOffset());

            // 12:05 the first team uploads at site B: the sweep clears its alert at site A; the second team stays silent.
            host.Clock!.SetUtcNow(Morning.AddHours(3).AddMinutes(5));
            await UploadAsync(host, first, "sr-3", SiteB, 2);
            await Eventually.UntilAsync(() => AlertsAsync(supervisor, SiteA), l => !l.Any(a => IsSilent(a, "w-first")), "the first team's silence to clear");
            Assert.Contains(await AlertsAsync(supervisor, SiteB), a => IsSilent(a, "w-second"));
        });
    }

    /// <summary>The embedded host on this test's SQLite file, its screening clock starting at <paramref name="clockStart"/>, stopped after <paramref name="body"/>.</summary>
    private async Task WithHostAsync(DateTimeOffset clockStart, Func<EmbeddedHost, Task> body)
    {
        var host = new EmbeddedHost(Settings, clockStart: clockStart);
        await host.InitializeAsync();
        try
        {
            await body(host);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private static bool IsSilent(JsonElement alert, string subject) =>
        alert.GetProperty("kind").GetString() == "teamSilent" && alert.GetProperty("detail").GetString()!.StartsWith($"team {subject}:", StringComparison.Ordinal);

    private static async Task<JsonElement[]> AlertsAsync(HttpClient client, string unit)
    {
        using var response = await client.GetAsync($"/api/units/{unit}/alerts");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()];
    }

    private static async Task UploadAsync(EmbeddedHost host, HttpClient team, string reportId, string site, int household)
    {
        var report = new Dictionary<string, object?>
        {
            ["reportId"] = reportId, ["siteId"] = site, ["household"] = household, ["screenedAt"] = host.Clock!.GetUtcNow().AddMinutes(-1).ToString("O"),
            ["screenerId"] = "w-88", ["outcome"] = "screened", ["residents"] = new[] { new { status = "normal" } },
        };
        using var response = await team.PostAsync("/api/reports", new StringContent(JsonSerializer.Serialize(new[] { report }), Encoding.UTF8, "application/json"));
        var reply = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(response.IsSuccessStatusCode && reply.GetProperty("accepted").GetInt32() == 1, reply.GetRawText());
    }
}
