namespace Canvass.Gateway.Tests.Security;

/// <summary>
/// Limits small enough for a test to reach, and no proxy trusted (the default): forwarded headers sent to it are a
/// client's own and must be ignored.
/// </summary>
public sealed class OpenLimitsHostFixture : EmbeddedHostFixture
{
    public const int MaxBodyBytes = 4096;
    public const int MaxBytesInFlight = 6000;

    public OpenLimitsHostFixture()
        : base([
            "--Limits:MaxConnectionsPerSubject=2",
            "--Limits:MaxStreamsPerSubject=2",
            "--Limits:ReadBurst=5",
            "--Limits:ReadsPerSecond=1",
            "--Limits:PublicReadBurst=3",
            "--Limits:PublicReadsPerSecond=1",
            // Enough hub calls for a test that subscribes one unit at a time up to the connection's cap.
            "--Limits:HubCallBurst=1000",
            "--Limits:HubCallsPerSecond=1000",
            $"--Ingest:MaxBodyBytes={MaxBodyBytes}",
            $"--Ingest:MaxBytesInFlight={MaxBytesInFlight}",
        ])
    {
    }
}

[CollectionDefinition(Name)]
public sealed class OpenLimitsHostCollection : ICollectionFixture<OpenLimitsHostFixture>
{
    public const string Name = "open limits host";
}

/// <summary>A host behind a TLS-terminating proxy on loopback: 127.0.0.1 and ::1 are configured as known proxies.</summary>
public sealed class ProxiedHostFixture : EmbeddedHostFixture
{
    public ProxiedHostFixture()
        : base([
            "--ForwardedHeaders:KnownProxies:0=127.0.0.1",
            "--ForwardedHeaders:KnownProxies:1=::1",
            "--Limits:PublicReadBurst=3",
            "--Limits:PublicReadsPerSecond=1",
        ])
    {
    }
}

[CollectionDefinition(Name)]
public sealed class ProxiedHostCollection : ICollectionFixture<ProxiedHostFixture>
{
    public const string Name = "proxied host";
}
