using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Canvass.Cluster.Tests;

/// <summary>Upload receipts in the embedded default's SQLite file, the process killed with SIGKILL and started again.</summary>
public sealed class UploadRestartTests(EmbeddedServer embedded) : IClassFixture<EmbeddedServer>
{
    private const string Site = "440306017004-001";

    private ServerProcess Server => embedded.Process;

    [Fact]
    public async Task Receipts_answered_before_a_kill_read_back_the_same_after_the_restart()
    {
        using var http = TestTokens.Client(Server.Url);
        var now = DateTimeOffset.UtcNow;
        var batch = new[]
        {
            Report("up-r-1", 1, now.AddMinutes(-45)),
            Report("up-r-2", 2, now.AddMinutes(-5)),
            Report("up-r-3", 99_999, now),
        };
        var reply = await PostAsync(http, batch);
        var id = reply.GetProperty("receiptId").GetString()!;
        var before = await GetAsync(http, $"/api/uploads/{id}");
        var lagBefore = await GetAsync(http, "/api/units/440306017004/upload-lag");

        // SIGKILL right after the reply: what the reply named must already be on disk.
        Server.Kill();
        await Server.StartAsync(TimeSpan.FromSeconds(90));

        var after = await GetAsync(http, $"/api/uploads/{id}");
        Assert.Equal(before.GetRawText(), after.GetRawText());
        Assert.Equal((2, 1), (after.GetProperty("accepted").GetInt32(), after.GetProperty("rejected").GetInt32()));
        var list = await GetAsync(http, "/api/units/440306017004/uploads");
        Assert.Equal([id], list.EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(lagBefore.GetRawText(), (await GetAsync(http, "/api/units/440306017004/upload-lag")).GetRawText());

        // The resend after the restart: the items are duplicates, under a receipt of their own.
        var again = await PostAsync(http, batch);
        Assert.Equal(2, again.GetProperty("duplicates").GetInt32());
        Assert.NotEqual(id, again.GetProperty("receiptId").GetString());
    }

    private static Dictionary<string, object> Report(string id, int household, DateTimeOffset screenedAt) => new()
    {
        ["reportId"] = id, ["siteId"] = Site, ["household"] = household, ["screenedAt"] = screenedAt, ["screenerId"] = "w-7",
        ["outcome"] = "screened", ["residents"] = new[] { new { status = "normal" } },
    };

    private static async Task<JsonElement> PostAsync(HttpClient http, object batch)
    {
        using var response = await http.PostAsJsonAsync("/api/reports", batch);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
