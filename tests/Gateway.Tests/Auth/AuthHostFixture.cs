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

    /// <summary>The client ids of the quarantine and the care request placed in <see cref="SiteInside"/> before any test, for the matrix's steps.</summary>
    public const string QuarantineId = "matrix-q", CareId = "matrix-c";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        await PostAsync("/api/quarantines", $$"""[{"quarantineId":"{{QuarantineId}}","siteId":"{{SiteInside}}","household":2,"kind":"homeQuarantine","start":"{{start:O}}","plannedEnd":"{{start.AddDays(14):O}}","residents":2}]""");
        await PostAsync("/api/care", $$"""[{"careId":"{{CareId}}","siteId":"{{SiteInside}}","household":2,"category":"groceries","requestedAt":"{{start:O}}"}]""");
    }

    private async Task PostAsync(string path, string body)
    {
        using var response = await Http.PostAsync(path, new System.Net.Http.StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
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
