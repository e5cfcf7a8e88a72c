using Canvass.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace Canvass.Gateway.Tests.Auth;

/// <summary>
/// A host of its own for the role × scope matrix, whose writes (reports, marks, webhooks) would otherwise change the
/// figures other tests check. Tokens are scoped to Futian (440304); Nanshan (440305) is outside every one of them.
/// </summary>
public sealed class AuthHostFixture : EmbeddedHostFixture
{
    public const string Scope = "440304";
    public const string Outside = "440305";

    public AuthHostFixture()
        : base([])
    {
    }

    public UnitRegistry Registry => Services.GetRequiredService<UnitRegistry>();

    /// <summary>A site of Futian.</summary>
    public string SiteInside => FirstSite(Scope);

    /// <summary>A site of Nanshan.</summary>
    public string SiteOutside => FirstSite(Outside);

    private string FirstSite(string district) => Registry.Sites.First(s => s.Id.StartsWith(district, StringComparison.Ordinal)).Id;
}

[CollectionDefinition(Name)]
public sealed class AuthHostCollection : ICollectionFixture<AuthHostFixture>
{
    public const string Name = "auth host";
}
