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

    /// <summary>Mutual TLS on every Orleans connection (silo to silo, gateway to silo). Required with Redis.</summary>
    public ClusterTlsSettings Tls { get; set; } = new();

    /// <summary>
    /// Lets a Redis-clustered process start without mutual TLS and without a Redis password: anyone who can reach
    /// its ports could then join the cluster. Only for a trusted test network. Default false.
    /// </summary>
    public bool AllowInsecure { get; set; }

    public string RequireRedis() => RedisConnectionString
        ?? throw new InvalidOperationException("Cluster:Provider is Redis but Cluster:RedisConnectionString is not set (for example 127.0.0.1:6379).");

    /// <summary>
    /// Refuses to start a clustered process that anyone on its network could join: with Redis membership, the
    /// cluster ports must require a certificate of the cluster's CA, and Redis must require a password.
    /// </summary>
    public void EnsureClosed()
    {
        if (Provider != ClusterProvider.Redis || AllowInsecure)
        {
            return;
        }

        if (!Tls.Enabled)
        {
            throw new InvalidOperationException(
                "Cluster:Provider is Redis but Cluster:Tls is not configured: set Cluster:Tls:Certificate (and :Key for PEM, or " +
                ":CertificatePassword for PKCS#12) and Cluster:Tls:CaCertificate, so that only holders of a certificate of the " +
                "cluster's CA can join (Cluster:AllowInsecure=true turns this check off on a trusted test network).");
        }

        if (string.IsNullOrEmpty(StackExchange.Redis.ConfigurationOptions.Parse(RequireRedis()).Password))
        {
            throw new InvalidOperationException(
                "Cluster:RedisConnectionString has no password: whoever can write to Redis can evict silos. Start Redis with " +
                "requirepass and add ,password=<secret> to the connection string (Cluster:AllowInsecure=true turns this check off).");
        }
    }

    public static ClusterSettings From(IConfiguration configuration) =>
        configuration.GetSection("Cluster").Get<ClusterSettings>() ?? new ClusterSettings();
}

public enum ClusterProvider
{
    Localhost,
    Redis,
}
