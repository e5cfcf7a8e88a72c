using System.Net.Http.Json;
using System.Text.Json;

namespace Canvass.Cluster.Tests;

/// <summary>A journal written by the previous version (site-keyed rows, format 2 snapshots) opened by this one.</summary>
public sealed class UpgradeTests : IAsyncLifetime
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "format2");
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("canvass-upgrade-");
    private ServerProcess _server = null!;

    public async Task InitializeAsync()
    {
        File.Copy(Path.Combine(Fixture, "canvass.db"), Path.Combine(_folder.FullName, "canvass.db"));
        _server = new ServerProcess("upgraded", "Canvass.Silo.dll", _folder.FullName,
            $"--Storage:SqlitePath={Path.Combine(_folder.FullName, "canvass.db")}",
            $"--Silo:SiloPort={ServerProcess.FreePort()}", $"--Silo:GatewayPort={ServerProcess.FreePort()}",
            "--Silo:Dashboard=false", "--Logging:LogLevel:Default=Warning", TestTokens.KeySetting);
        await _server.StartAsync(TimeSpan.FromSeconds(90));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task An_existing_journal_keeps_its_figures_and_its_reports_stay_duplicates_also_after_a_kill()
    {
        using var http = TestTokens.Client(_server.Url);
        var expected = File.ReadAllLines(Path.Combine(Fixture, "expected.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        var batches = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixture, "batches.json"))).RootElement.EnumerateArray().ToArray();

        await AssertFiguresAsync(http, expected);
        foreach (var batch in batches)
        {
            await AssertAllDuplicateAsync(http, batch);
        }

        _server.Kill();
        await _server.StartAsync(TimeSpan.FromSeconds(90));
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
