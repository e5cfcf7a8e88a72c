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

    /// <summary>With Localhost: the silo gateway port a standalone gateway connects to. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Take silo identity and addresses from the Kubernetes pod (Microsoft.Orleans.Hosting.Kubernetes). Default false.</summary>
    public bool Kubernetes { get; set; }

    public string RequireRedis() => RedisConnectionString
        ?? throw new InvalidOperationException("Cluster:Provider is Redis but Cluster:RedisConnectionString is not set (for example 127.0.0.1:6379).");

    public static ClusterSettings From(IConfiguration configuration) =>
        configuration.GetSection("Cluster").Get<ClusterSettings>() ?? new ClusterSettings();
}

public enum ClusterProvider
{
    Localhost,
    Redis,
}
