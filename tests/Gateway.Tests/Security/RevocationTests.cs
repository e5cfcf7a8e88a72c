using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Canvass.Gateway.Auth;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Canvass.Gateway.Tests.Security;

/// <summary>
/// <c>POST /api/tokens/revocations</c> at the embedded host: one token by its id or a subject's tokens, refused
/// within 10 s, their hub connections and event streams closed, within the revoking admin's unit alone.
/// </summary>
[Collection(SecurityHostCollection.Name)]
public class RevocationTests(SecurityHostFixture host)
{
    private static readonly TimeSpan Enforced = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Revoking_a_token_by_its_id_refuses_that_token_alone()
    {
        var first = await MintAsync("wall-by-id");
        var second = await MintAsync("wall-by-id");

        using var revoked = await host.Http.PostAsJsonAsync("/api/tokens/revocations", new { tokenId = first.Id });
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        var answer = await revoked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first.Id, answer.GetProperty("tokenId").GetString());
        Assert.Equal("4403", answer.GetProperty("unit").GetString());
        Assert.Equal("test-admin", answer.GetProperty("by").GetString());

        var refused = await RefusedWithinAsync(first.Token);
        Assert.Contains("revoked", refused);
        using var other = host.Client(second.Token);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/units/440304")).StatusCode);
    }

    [Fact]
    public async Task Revoking_a_subject_closes_its_hub_connection_and_event_stream_and_refuses_it_again()
    {
        var token = await MintAsync("wall-by-subject");
        var untouched = await MintAsync("wall-bystander");
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(host.BaseAddress, "/hubs/monitor"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token.Token)).Build();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("Subscribe", "440304", false);
        await using var bystander = await host.ConnectAsync(untouched.Token);
        using var streamClient = host.Client(token.Token);
        using var stream = await streamClient.GetAsync("/api/stream?units=440304", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        var streamText = ReadToEndAsync(await stream.Content.ReadAsStreamAsync());

        using var revoked = await host.Http.PostAsJsonAsync("/api/tokens/revocations", new { subject = "wall-by-subject" });
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);

        await closed.Task.WaitAsync(Enforced);
        Assert.Contains("event: revoked", await streamText.WaitAsync(Enforced));
        Assert.Contains("revoked", await RefusedWithinAsync(token.Token));
        var reconnect = new HubConnectionBuilder()
            .WithUrl(new Uri(host.BaseAddress, "/hubs/monitor"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token.Token)).Build();
        await using (reconnect)
        {
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => reconnect.StartAsync());
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        Assert.Equal(HubConnectionState.Connected, bystander.State);
        // A token issued for the subject after the revocation is valid: revoking a subject is not banning it.
        var later = new TokenIssuer(new AuthOptions(), SigningKeys.Resolve(new AuthOptions { SigningKey = host.Key })!, new Later(TimeSpan.FromSeconds(2)))
            .Mint("wall-by-subject", Roles.Display, "440304", TimeSpan.FromHours(1)).Token;
        using var fresh = host.Client(later);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/units/440304")).StatusCode);
    }

    [Fact]
    public async Task An_admin_revokes_only_tokens_within_its_own_unit()
    {
        var futian = await MintAsync("shared-name");
        using var nanshanAdmin = host.Client(host.Token(Roles.Admin, "440305", "nanshan-admin"));
        using var revoked = await nanshanAdmin.PostAsJsonAsync("/api/tokens/revocations", new { subject = "shared-name" });
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        var inNanshan = host.Token(Roles.Display, "440305", "shared-name");
        Assert.Contains("revoked", await RefusedWithinAsync(inNanshan));

        using var client = host.Client(futian.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/units/440304")).StatusCode);
    }

    [Theory]
    [InlineData("{}", "one of tokenId or subject")]
    [InlineData("""{"tokenId":"a","subject":"b"}""", "one of tokenId or subject")]
    [InlineData("""{"subject":""}""", "subject is required")]
    [InlineData("""{"tokenId":42}""", "one of tokenId or subject")]
    [InlineData("not json", "one of tokenId or subject")]
    public async Task A_bad_revocation_is_a_400_problem_that_revokes_nothing(string body, string detail)
    {
        var before = await CountAsync();
        using var response = await host.Http.PostAsync("/api/tokens/revocations", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await IngestTests.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(detail, problem.GetProperty("detail").GetString());
        Assert.Equal(before, await CountAsync());
    }

    private async Task<int> CountAsync() =>
        (await host.Services.GetRequiredService<IGrainFactory>().GetGrain<Canvass.Abstractions.Tokens.IRevocationGrain>(0).GetSinceAsync(-1))!.Count;

    private async Task<(string Token, string Id)> MintAsync(string subject)
    {
        using var minted = await host.Http.PostAsJsonAsync("/api/tokens", new { role = "display", unit = "440304", subject });
        minted.EnsureSuccessStatusCode();
        var answer = await minted.Content.ReadFromJsonAsync<JsonElement>();
        return (answer.GetProperty("token").GetString()!, answer.GetProperty("tokenId").GetString()!);
    }

    /// <summary>Waits until the token is refused (at most 10 s) and returns the problem's detail.</summary>
    private async Task<string> RefusedWithinAsync(string token)
    {
        using var client = host.Client(token);
        using var response = await Eventually.UntilAsync(() => client.GetAsync("/api/registry/root"),
            r => r.StatusCode == HttpStatusCode.Unauthorized, "the revoked token to be refused", Enforced, TimeSpan.FromMilliseconds(200));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
    }

    private static async Task<string> ReadToEndAsync(Stream stream)
    {
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    private sealed class Later(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + ahead;
    }
}
