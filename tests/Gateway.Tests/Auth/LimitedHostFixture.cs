namespace Canvass.Gateway.Tests.Auth;

/// <summary>A host with limits small enough for a test to reach: 5 writes at once then 2 a second, and so on.</summary>
public sealed class LimitedHostFixture : EmbeddedHostFixture
{
    public const string AllowedOrigin = "https://wall.example.gov.cn";

    public LimitedHostFixture()
        : base([
            "--Limits:WritesPerSecond=2",
            "--Limits:WriteBurst=5",
            "--Limits:HubCallsPerSecond=1",
            "--Limits:HubCallBurst=5",
            "--Limits:MaxHubMessageBytes=4096",
            "--Ingest:MaxReports=20",
            $"--Auth:AllowedOrigins:0={AllowedOrigin}",
        ])
    {
    }
}

[CollectionDefinition(Name)]
public sealed class LimitedHostCollection : ICollectionFixture<LimitedHostFixture>
{
    public const string Name = "limited host";
}
