using System.Net.Http.Json;
using System.Text.Json;

namespace Canvass.Cluster.Tests;

/// <summary>The embedded default started on the journal that the previous version left (see Fixtures/format2).</summary>
public sealed class UpgradedServer : EmbeddedServer
{
    public static string Fixture { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "format2");

    // The fixture's reports were screened and acknowledged in early December 2026: windows of ten years keep them
    // inside the duplicate window and the accepted past whenever this test runs.
    protected override string[] Settings => ["--Journal:DuplicateWindow=3650.00:00:00", "--Ingest:PastWindow=3650.00:00:00"];

    protected override void Seed(DirectoryInfo folder) => File.Copy(Path.Combine(Fixture, "canvass.db"), Path.Combine(folder.FullName, "canvass.db"));
}

/// <summary>A journal written by the previous version (site-keyed rows, format 2 snapshots) opened by this one.</summary>
public sealed class UpgradeTests(UpgradedServer embedded) : IClassFixture<UpgradedServer>
{
    private static readonly string Fixture = UpgradedServer.Fixture;

    private ServerProcess Server => embedded.Process;

    [Fact]
    public async Task An_existing_journal_keeps_its_figures_and_its_reports_stay_duplicates_also_after_a_kill()
    {
        using var http = TestTokens.Client(Server.Url);
        var expected = File.ReadAllLines(Path.Combine(Fixture, "expected.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        var batches = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixture, "batches.json"))).RootElement.EnumerateArray().ToArray();

        await AssertFiguresAsync(http, expected);
        foreach (var batch in batches)
        {
            await AssertAllDuplicateAsync(http, batch);
        }

        Server.Kill();
        await Server.StartAsync(TimeSpan.FromSeconds(90));
        await AssertFiguresAsync(http, expected);
        foreach (var batch in batches)
        {
            await AssertAllDuplicateAsync(http, batch);
        }

        await AssertFiguresAsync(http, expected);
    }

    private static async Task AssertFiguresAsync(HttpClient http, JsonElement[] expected)
    {
        foreach (var site in expected)
        {
            var actual = await http.GetFromJsonAsync<JsonElement>($"/api/units/{site.GetProperty("id").GetString()}");
            foreach (var figure in new[] { "screenedHouseholds", "absentHouseholds", "refusedHouseholds", "residents", "lastReportAt" })
            {
                Assert.Equal(site.GetProperty(figure).GetRawText(), actual.GetProperty(figure).GetRawText());
            }
        }
    }

    private static async Task AssertAllDuplicateAsync(HttpClient http, JsonElement batch)
    {
        var reply = await (await http.PostAsJsonAsync("/api/reports", batch)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(batch.GetArrayLength(), reply.GetProperty("duplicates").GetInt32());
    }
}
