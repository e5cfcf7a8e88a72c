using Canvass.Abstractions.Configuration;

namespace Canvass.Gateway.Hosting;

/// <summary>How silos find each other and gateways find silos. Section <c>Cluster</c>; silos and gateways share it.</summary>
public sealed class ClusterSettings
{
    /// <summary><c>Localhost</c> (one machine, no server; the embedded default) or <c>Redis</c> (membership and reminders in Redis). Default Localhost.</summary>
    public ClusterProvider Provider { get; set; } = ClusterProvider.Localhost;

    /// <summary>StackExchange.Redis configuration, for example <c>127.0.0.1:6379</c>; required for Redis. Default none.</summary>
    public string? RedisConnectionString { get; set; }

    /// <summary>Orleans cluster id: silos and gateways of one deployment share it. Default <c>canvass</c>.</summary>
    public string ClusterId { get; set; } = "canvass";

    /// <summary>Orleans service id: stays the same across deployments (reminders are keyed by it). Default <c>canvass</c>.</summary>
    public string ServiceId { get; set; } = "canvass";

    /// <summary>The port silos take Orleans clients on unless <c>Silo:GatewayPort</c> says otherwise.</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>With Localhost: the silo gateway port a standalone gateway connects to. Default 30000, the silos' own default.</summary>
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>Take silo identity and addresses from the Kubernetes pod (Microsoft.Orleans.Hosting.Kubernetes). Default false.</summary>
    public bool Kubernetes { get; set; }

    /// <summary>Mutual TLS on every Orleans connection (silo to silo, gateway to silo). Required with Redis.</summary>
    public ClusterTlsSettings Tls { get; set; } = new();

    /// <summary>
    /// Lets a Redis-clustered process start without mutual TLS and without a Redis password: anyone who can reach
    /// its ports could then join the cluster. Only for a trusted test network. Default false.
    /// </summary>
    public bool AllowInsecure { get; set; }

    /// <summary>The Redis connection string; <see cref="ClusterSettingsValidator"/> has made sure there is one when the provider is Redis.</summary>
    public string Redis => RedisConnectionString ?? "";

    public const string Section = "Cluster";

    /// <summary>
    /// Binds the section for the host and returns it checked now: the Orleans silo or client is configured from it
    /// while the host is composed. Silos and gateways read it through this one method.
    /// </summary>
    public static ClusterSettings Add(IServiceCollection services, IConfiguration configuration) =>
        services.AddValidatedSection(configuration, Section, new ClusterSettingsValidator());
}

public enum ClusterProvider
{
    Localhost,
    Redis,
}
