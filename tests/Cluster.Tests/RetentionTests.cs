using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Canvass.Cluster.Tests;

/// <summary>The embedded default with a short Journal:Retention, compacting every second, snapshotting every 10 records.</summary>
public sealed class RetentionServer : EmbeddedServer
{
    protected override string[] Settings =>
        ["--Rollup:SnapshotEvery=10", "--Journal:DuplicateWindow=00:00:01", "--Journal:Retention=00:00:02", "--Journal:CompactionInterval=00:00:01"];
}

/// <summary>Old records go past the retention; the figures and the restart stay exact.</summary>
public sealed class RetentionTests(RetentionServer embedded) : IClassFixture<RetentionServer>
{
    private ServerProcess Server => embedded.Process;

    private string Database => Path.Combine(embedded.Folder.FullName, "canvass.db");

    [Fact]
    public async Task Records_past_the_retention_are_deleted_and_a_kill_and_restart_still_gives_the_same_figures()
    {
        using var http = TestTokens.Client(Server.Url);
        var sites = CrashTests.Sites().Where((_, i) => i % 401 == 0).Take(8).ToArray();
        var batches = Enumerable.Range(0, 12).Select(b => sites.SelectMany((site, s) => Enumerable.Range(1, 5).Select(h => new Dictionary<string, object>
        {
            ["reportId"] = $"retention-{b}-{s}-{h}",
            ["siteId"] = site.Id,
            ["household"] = h,
            ["screenedAt"] = DateTimeOffset.UtcNow.AddHours(-2).AddMinutes(b),
            ["screenerId"] = "w-3",
            ["residents"] = new[] { new { status = (b + h) % 4 == 0 ? "fever" : "normal" } },
        })).ToArray()).ToArray();
        foreach (var batch in batches)
        {
            (await http.PostAsJsonAsync("/api/reports", batch)).EnsureSuccessStatusCode();
        }

        var acknowledged = batches.Sum(b => b.Length);
        var left = await Eventually.UntilAsync(RowsAsync, rows => rows < acknowledged / 2,
            "compaction to remove at least half of the journal's rows", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(500));

        var before = await SitesAsync(http, sites);
        Server.Kill();
        await Server.StartAsync(TimeSpan.FromSeconds(90));
        var after = await SitesAsync(http, sites);
        var resent = await (await http.PostAsJsonAsync("/api/reports", batches[0])).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(left < acknowledged / 2, $"{left} of {acknowledged} records are still in the journal");
        Assert.Equal(before, after);
        Assert.Equal(0, resent.GetProperty("rejected").GetInt32());
        Assert.Equal(before, await SitesAsync(http, sites));
    }

    private async Task<long> RowsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Database};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM journal";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Each site's figures as the API gives them.</summary>
    private static async Task<string[]> SitesAsync(HttpClient http, IEnumerable<(string Id, int Households)> sites)
    {
        var figures = new List<string>();
        foreach (var (id, _) in sites)
        {
            var site = await http.GetFromJsonAsync<JsonElement>($"/api/units/{id}");
            figures.Add(string.Join(' ', new[] { "screenedHouseholds", "residents", "lastReportAt", "version" }.Select(f => site.GetProperty(f).GetRawText())));
        }

        return [.. figures];
    }
}
