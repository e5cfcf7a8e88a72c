using Canvass.Abstractions.Configuration;
using Microsoft.Extensions.Options;

namespace Canvass.Gateway.Hosting;

/// <summary>
/// Checks the <c>Cluster</c> section, and refuses a clustered process that anyone on its network could join: with
/// Redis membership, the cluster ports must require a certificate of the cluster's CA, and Redis a password.
/// </summary>
public sealed class ClusterSettingsValidator : IValidateOptions<ClusterSettings>
{
    public ValidateOptionsResult Validate(string? name, ClusterSettings o)
    {
        var failures = new OptionsFailures()
            .Check(Enum.IsDefined(o.Provider), "Cluster:Provider must be Localhost or Redis.")
            .Check(!string.IsNullOrWhiteSpace(o.ClusterId) && !string.IsNullOrWhiteSpace(o.ServiceId), "Cluster:ClusterId and Cluster:ServiceId must not be empty.")
            .Check(o.GatewayPort is > 0 and <= 65535, "Cluster:GatewayPort must be a port number (1 to 65535).")
            .Check(!o.Tls.Enabled || (!string.IsNullOrEmpty(o.Tls.Certificate) && !string.IsNullOrEmpty(o.Tls.CaCertificate)),
                "Cluster:Tls needs both Certificate (this process's) and CaCertificate (the cluster CA's).");
        if (o.Provider != ClusterProvider.Redis)
        {
            return failures.Result;
        }

        if (string.IsNullOrWhiteSpace(o.RedisConnectionString))
        {
            return failures.Check(false, "Cluster:Provider is Redis but Cluster:RedisConnectionString is not set (for example 127.0.0.1:6379).").Result;
        }

        StackExchange.Redis.ConfigurationOptions redis;
        try
        {
            redis = StackExchange.Redis.ConfigurationOptions.Parse(o.RedisConnectionString);
        }
        catch (ArgumentException e)
        {
            return failures.Check(false, $"Cluster:RedisConnectionString is not a StackExchange.Redis configuration: {e.Message}").Result;
        }

        if (o.AllowInsecure)
        {
            return failures.Result;
        }

        return failures
            .Check(o.Tls.Enabled,
                "Cluster:Provider is Redis but Cluster:Tls is not configured: set Cluster:Tls:Certificate (and :Key for PEM, or " +
                ":CertificatePassword for PKCS#12) and Cluster:Tls:CaCertificate, so that only holders of a certificate of the " +
                "cluster's CA can join (Cluster:AllowInsecure=true turns this check off on a trusted test network).")
            .Check(!string.IsNullOrEmpty(redis.Password),
                "Cluster:RedisConnectionString has no password: whoever can write to Redis can evict silos. Start Redis with " +
                "requirepass and add ,password=<secret> to the connection string (Cluster:AllowInsecure=true turns this check off).")
            .Result;
    }
}
