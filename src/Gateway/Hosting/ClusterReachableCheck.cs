using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Canvass.Gateway.Hosting;

/// <summary>
/// Ready when a call reaches the cluster. It asks the management grain for the active silos rather than a unit, so
/// that a probe never sets off the rebuild of the tree.
/// </summary>
public sealed class ClusterReachableCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var silos = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return silos.Count > 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("No active silo.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The cluster did not answer a grain call.", e);
        }
    }
}
