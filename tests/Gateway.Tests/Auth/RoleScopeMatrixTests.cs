using System.Net;
using System.Text.Json.Nodes;
using Canvass.Gateway.Auth;

namespace Canvass.Gateway.Tests.Auth;

/// <summary>
/// Every REST operation about a unit, for every role with a token of Futian: allowed inside it, forbidden for a role
/// without the permission, and about Nanshan answered exactly as an id that does not exist.
/// </summary>
[Collection(AuthHostCollection.Name)]
public class RoleScopeMatrixTests(AuthHostFixture host)
{
    private static readonly Ids Unknown = new("449999", "440304999999-999");

    // Operations that name no unit: their scope is checked by ScopedListTests.
    private static readonly HashSet<string> WithoutIds = ["ListWebhooks", "GetCasePlaceMarks", "GetRegistryRoot", "RevokeTokens"];

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var endpoint in Endpoint.All)
        {
            foreach (var role in Roles.All)
            {
                cases.Add(endpoint.Name, role);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_role_is_allowed_inside_its_unit_forbidden_without_the_permission_and_sees_nothing_outside(string name, string role)
    {
        var endpoint = Endpoint.All.Single(e => e.Name == name);
        var token = host.Token(role, AuthHostFixture.Scope, subject: $"matrix-{role}");
        var inside = new Ids(AuthHostFixture.Scope, host.SiteInside);

        var (status, body) = await SendAsync(endpoint, inside, token);
        if (!Permissions.RolesOf[endpoint.Permission].Contains(role))
        {
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Equal("Not allowed", body?["title"]?.GetValue<string>());
            Assert.Contains($"role '{role}'", body?["detail"]?.GetValue<string>());
            return;
        }

        Assert.NotEqual(HttpStatusCode.Unauthorized, status);
        Assert.NotEqual(HttpStatusCode.Forbidden, status);
        if (WithoutIds.Contains(name))
        {
            return;
        }

        var outside = new Ids(AuthHostFixture.Outside, host.SiteOutside);
        var (outsideStatus, outsideBody) = await SendAsync(endpoint, outside, token);
        var (unknownStatus, unknownBody) = await SendAsync(endpoint, Unknown, token);
        Assert.Equal(unknownStatus, outsideStatus);
        Assert.Equal(Normalize(unknownBody, Unknown), Normalize(outsideBody, outside));
        if (name != "AcknowledgeAlert")
        {
            // Inside, the same call is not the unknown-id answer (an unknown alert is unknown everywhere).
            Assert.NotEqual(Normalize(unknownBody, Unknown), Normalize(body, inside));
        }
    }

    public static TheoryData<string> Operations() => [.. Endpoint.All.Select(e => e.Name)];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Without_a_token_every_operation_is_401_naming_how_to_get_one(string name)
    {
        var endpoint = Endpoint.All.Single(e => e.Name == name);
        var (status, body) = await SendAsync(endpoint, new Ids(AuthHostFixture.Scope, host.SiteInside), token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Not signed in", body?["title"]?.GetValue<string>());
        Assert.Contains("-- token --role", body?["detail"]?.GetValue<string>());
    }

    [Fact]
    public async Task Expired_and_foreign_tokens_are_401_saying_which()
    {
        var key = new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(Convert.FromBase64String(host.Key));
        var expired = new TokenIssuer(new AuthOptions(), key, new TwoHoursAgo()).Mint("x", Roles.Display, AuthHostFixture.Scope, TimeSpan.FromHours(1)).Token;
        var (status, body) = await SendAsync(Endpoint.All[0], new Ids("440304", host.SiteInside), expired);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("expired", body?["detail"]?.GetValue<string>());

        var foreignKey = new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(Convert.FromBase64String(SigningKeys.NewKey()));
        var foreign = new TokenIssuer(new AuthOptions(), foreignKey, TimeProvider.System).Mint("x", Roles.Admin, "4403", TimeSpan.FromHours(1)).Token;
        (status, body) = await SendAsync(Endpoint.All[0], new Ids("440304", host.SiteInside), foreign);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("not valid here", body?["detail"]?.GetValue<string>());
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(Endpoint endpoint, Ids ids, string? token)
    {
        using var client = host.Client(null);
        using var request = endpoint.Request(ids, token);
        // The stream never ends by itself: its headers say whether it started.
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            return (response.StatusCode, null);
        }

        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>The answer with its ids replaced by placeholders and without its trace id, to compare two answers.</summary>
    private static string? Normalize(JsonNode? body, Ids ids)
    {
        if (body is JsonObject problem)
        {
            problem.Remove("traceId");
        }

        return body?.ToJsonString().Replace(ids.Site, "{site}", StringComparison.Ordinal).Replace(ids.Unit, "{unit}", StringComparison.Ordinal);
    }

    private sealed class TwoHoursAgo : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow.AddHours(-2);
    }
}
