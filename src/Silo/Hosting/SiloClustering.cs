using System.Net;
using Canvass.Gateway.Hosting;
using Orleans.Configuration;

namespace Canvass.Silo.Hosting;

/// <summary>Membership, reminders and endpoints of a silo, as <see cref="ClusterSettings"/> and <see cref="SiloOptions"/> say.</summary>
internal static class SiloClustering
{
    public static ISiloBuilder UseCanvassClustering(this ISiloBuilder silo, ClusterSettings cluster, SiloOptions options)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });

        if (cluster.Provider == ClusterProvider.Redis)
        {
            var redis = cluster.Redis;
            silo.UseRedisClustering(redis);
            silo.UseRedisReminderService(o => o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(redis));
            var advertised = IPAddress.Parse(options.AdvertisedAddress);
            var listen = IPAddress.Parse(options.ListenAddress ?? options.AdvertisedAddress);
            silo.Configure<EndpointOptions>(o =>
            {
                o.AdvertisedIPAddress = advertised;
                o.SiloPort = options.SiloPort;
                o.GatewayPort = options.GatewayPort;
                o.SiloListeningEndpoint = new IPEndPoint(listen, options.SiloPort);
                o.GatewayListeningEndpoint = new IPEndPoint(listen, options.GatewayPort);
            });
        }
        else
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, null, cluster.ServiceId, cluster.ClusterId);
            // The sweep reminder is registered again at every start, so memory is enough on one machine.
            silo.UseInMemoryReminderService();
        }

        if (cluster.Tls.Enabled)
        {
            silo.UseClusterTls(cluster.Tls);
        }

        if (cluster.Kubernetes)
        {
            silo.UseKubernetesHosting();
        }

        return silo;
    }
}
