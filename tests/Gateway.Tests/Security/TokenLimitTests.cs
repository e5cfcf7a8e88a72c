using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Canvass.Gateway.Auth;

namespace Canvass.Gateway.Tests.Security;

/// <summary>A minted token ends no later than its minter's, reaches no more than it, and carries an id and its key's kid.</summary>
[Collection(SecurityHostCollection.Name)]
public class TokenLimitTests(SecurityHostFixture host)
{
    [Fact]
    public async Task An_admin_token_with_five_minutes_left_cannot_mint_a_31_day_token()
    {
        using var admin = host.Client(host.Token(Roles.Admin, "4403", "short-admin", TimeSpan.FromMinutes(5)));

        using var refused = await admin.PostAsJsonAsync("/api/tokens", new { role = "admin", unit = "4403", subject = "forever", lifetime = "31.00:00:00" });
        var problem = await IngestTests.ProblemAsync(refused, HttpStatusCode.BadRequest);
        Assert.Contains("would outlive this token", problem.GetProperty("detail").GetString());

        // Without a lifetime it gets the shorter of the default (12 hours) and what the minter has left.
        using var minted = await admin.PostAsJsonAsync("/api/tokens", new { role = "display", unit = "4403", subject = "wall-short" });
        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        var answer = await minted.Content.ReadFromJsonAsync<JsonElement>();
        var expires = answer.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.True(expires <= DateTimeOffset.UtcNow.AddMinutes(5), $"expires {expires:O}");
        Assert.Equal(expires.ToUnixTimeSeconds(), TokenJson.Payload(answer.GetProperty("token").GetString()!).GetProperty("exp").GetInt64());
    }

    [Fact]
    public async Task A_minted_token_never_reaches_beyond_the_minters_unit_and_only_an_admin_mints()
    {
        using var futianAdmin = host.Client(host.Token(Roles.Admin, "440304", "futian-admin"));
        using var wider = await futianAdmin.PostAsJsonAsync("/api/tokens", new { role = "admin", unit = "4403", subject = "escalate" });
        Assert.Contains("not in the registry", (await IngestTests.ProblemAsync(wider, HttpStatusCode.BadRequest)).GetProperty("detail").GetString());

        using var sibling = await futianAdmin.PostAsJsonAsync("/api/tokens", new { role = "display", unit = "440305", subject = "nanshan" });
        Assert.Equal(HttpStatusCode.BadRequest, sibling.StatusCode);

        foreach (var role in Roles.All.Where(r => r != Roles.Admin))
        {
            using var other = host.Client(host.Token(role, "4403"));
            using var attempt = await other.PostAsJsonAsync("/api/tokens", new { role, unit = "4403", subject = "self" });
            Assert.True(attempt.StatusCode == HttpStatusCode.Forbidden, $"{role}: {(int)attempt.StatusCode}");
        }
    }

    [Fact]
    public async Task Every_minted_token_has_its_own_jti_and_names_the_signing_keys_kid()
    {
        var ids = new HashSet<string>();
        for (var i = 0; i < 2; i++)
        {
            using var minted = await host.Http.PostAsJsonAsync("/api/tokens", new { role = "display", unit = "440304", subject = "wall-jti" });
            var answer = await minted.Content.ReadFromJsonAsync<JsonElement>();
            var token = answer.GetProperty("token").GetString()!;
            var jti = TokenJson.Payload(token).GetProperty("jti").GetString()!;
            Assert.Equal(answer.GetProperty("tokenId").GetString(), jti);
            Assert.True(ids.Add(jti));
            Assert.Equal(SigningKeys.KeyIdOf(Convert.FromBase64String(host.Key)), TokenJson.Header(token).GetProperty("kid").GetString());
        }

        Assert.True(TokenJson.Payload(host.AdminToken).TryGetProperty("jti", out _));
    }
}
