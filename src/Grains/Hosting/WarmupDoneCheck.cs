using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Canvass.Grains.Hosting;

/// <summary>
/// Ready once the start-up warm-up has rebuilt the tree, so that a load balancer does not send readers to a silo
/// whose units would answer "still loading". Reads a flag: no grain call per probe.
/// </summary>
public sealed class WarmupDoneCheck(RegistryWarmup warmup) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(warmup.Done
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"Rebuilding the tree from the journal: {warmup.Warmed} of {warmup.Aggregates} aggregate units so far."));
}
