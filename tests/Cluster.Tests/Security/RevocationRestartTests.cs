using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Canvass.Gateway.Auth;

namespace Canvass.Cluster.Tests.Security;

/// <summary>Revocations are stored in the journal's SQLite file: after a SIGKILL and a restart they still hold.</summary>
public sealed class RevocationRestartTests : IAsyncLifetime
{
    private readonly EmbeddedServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Tokens_revoked_by_id_and_by_subject_stay_revoked_after_a_kill_and_a_restart()
    {
        var url = _server.Process.Url;
        using var admin = TestTokens.Client(url);
        var byId = await MintAsync(admin, "wall-restart-id");
        var bySubject = await MintAsync(admin, "wall-restart-subject");
        var kept = await MintAsync(admin, "wall-restart-kept");
        (await admin.PostAsJsonAsync("/api/tokens/revocations", new { tokenId = byId.Id })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/tokens/revocations", new { subject = "wall-restart-subject" })).EnsureSuccessStatusCode();

        _server.Process.Kill();
        await _server.Process.StartAsync(TimeSpan.FromSeconds(90));

        foreach (var token in new[] { byId.Token, bySubject.Token })
        {
            using var client = TestTokens.Client(url, token);
            using var read = await client.GetAsync("/api/units/440304");
            Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
            Assert.Contains("revoked", await read.Content.ReadAsStringAsync());
        }

        using var keptClient = TestTokens.Client(url, kept.Token);
        Assert.Equal(HttpStatusCode.OK, (await keptClient.GetAsync("/api/units/440304")).StatusCode);
    }

    private static async Task<(string Token, string Id)> MintAsync(HttpClient admin, string subject)
    {
        using var minted = await admin.PostAsJsonAsync("/api/tokens", new { role = Roles.Display, unit = "440304", subject });
        minted.EnsureSuccessStatusCode();
        var answer = await minted.Content.ReadFromJsonAsync<JsonElement>();
        return (answer.GetProperty("token").GetString()!, answer.GetProperty("tokenId").GetString()!);
    }
}
