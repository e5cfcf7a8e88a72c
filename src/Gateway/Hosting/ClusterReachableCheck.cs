using Canvass.Abstractions.Units;
using Canvass.Registry;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Canvass.Gateway.Hosting;

/// <summary>Ready when a grain call reaches the cluster: the root unit answers within a few seconds.</summary>
public sealed class ClusterReachableCheck(IGrainFactory grains, UnitRegistry registry) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IUnitGrain>(registry.Root.Id).GetSummaryAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The cluster did not answer a grain call.", e);
        }
    }
}
