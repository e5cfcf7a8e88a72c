using Orleans.Configuration;

namespace Canvass.Gateway.Hosting;

public static class GatewayClient
{
    /// <summary>The Orleans client of a standalone gateway, clustered as <see cref="ClusterSettings"/> says.</summary>
    public static WebApplicationBuilder AddGatewayClient(this WebApplicationBuilder builder)
    {
        var cluster = ClusterSettings.Add(builder.Services, builder.Configuration);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            if (cluster.Provider == ClusterProvider.Redis)
            {
                client.UseRedisClustering(cluster.Redis);
            }
            else
            {
                client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
            }

            if (cluster.Tls.Enabled)
            {
                client.UseClusterTls(cluster.Tls);
            }

            if (TracingOptions.From(builder.Configuration).Enabled)
            {
                // Carries the request's trace into the silos' grain calls.
                client.AddActivityPropagation();
            }
        });
        return builder;
    }
}
