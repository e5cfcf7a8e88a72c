using System.Net.Http.Headers;
using Canvass.Gateway.Auth;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.IdentityModel.Tokens;

namespace Canvass.Cluster.Tests;

/// <summary>
/// The signing key of this test run and tokens minted with it. Every silo and gateway process is started with
/// <see cref="KeySetting"/>, so that all the processes of a cluster accept the same tokens, as they must when a
/// client moves from one gateway to another.
/// </summary>
public static class TestTokens
{
    /// <summary>Base64, as <c>--Auth:SigningKey</c> takes it.</summary>
    public static string SigningKey { get; } = SigningKeys.NewKey();

    /// <summary>The server setting that makes a process sign and check tokens with the run's key.</summary>
    public static string KeySetting { get; } = $"--Auth:SigningKey={SigningKey}";

    /// <summary>An admin of the whole Shenzhen registry: submits and reads everything and is not rate limited.</summary>
    public static string Admin { get; } = Mint(Roles.Admin, "4403");

    /// <summary>A token for <paramref name="role"/> within <paramref name="unit"/>, signed with the run's key unless another is given.</summary>
    public static string Mint(string role, string unit, string? signingKey = null) =>
        new TokenIssuer(new AuthOptions(), new SymmetricSecurityKey(Convert.FromBase64String(signingKey ?? SigningKey)), TimeProvider.System)
            // Longer than any test run: a hub connection is closed when its token expires.
            .Mint($"test-{role}-{unit}", role, unit, TimeSpan.FromHours(12)).Token;

    /// <summary>A client (of <paramref name="server"/>, when given) that sends <paramref name="token"/>, the admin's unless told.</summary>
    public static HttpClient Client(Uri? server, string? token = null, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = server };
        if (timeout is { } patience)
        {
            client.Timeout = patience;
        }

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? Admin);
        return client;
    }

    /// <summary>Hub connection options that send <paramref name="token"/>, the admin's unless told.</summary>
    public static Action<HttpConnectionOptions> Hub(string? token = null) =>
        o => o.AccessTokenProvider = () => Task.FromResult<string?>(token ?? Admin);
}
