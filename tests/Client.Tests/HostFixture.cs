using Canvass.Gateway.Auth;
namespace Canvass.Client.Tests;

/// <summary>
/// The real embedded host (see <see cref="EmbeddedHost"/>), with what the client's tests add: options for a client
/// under test, and the server's own versions to compare the client's copies with.
/// </summary>
public sealed class HostFixture : EmbeddedHost
{
    /// <summary>A token of <paramref name="role"/> within <paramref name="unit"/> that expires after <paramref name="lifetime"/>.</summary>
    public MintedToken Mint(string role, string unit, TimeSpan lifetime) => Mint(role, unit, null, lifetime);

    /// <summary>Options for a client under test that sends <paramref name="token"/> (the admin's by default).</summary>
    public CanvassClientOptions Options(string? token = null) => new() { AccessToken = token ?? AdminToken };

    /// <summary>The server's current version of a unit and of each of its children.</summary>
    public async Task<Dictionary<string, long>> VersionsAsync(string unitId)
    {
        var versions = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            [unitId] = (await GetJsonAsync($"/api/units/{unitId}")).GetProperty("version").GetInt64(),
        };
        foreach (var child in (await GetJsonAsync($"/api/units/{unitId}/children")).EnumerateArray())
        {
            versions[child.GetProperty("id").GetString()!] = child.GetProperty("version").GetInt64();
        }

        return versions;
    }
}

[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<HostFixture>
{
    public const string Name = "client host";
}
