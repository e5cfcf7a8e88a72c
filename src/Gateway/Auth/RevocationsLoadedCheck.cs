using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Canvass.Gateway.Auth;

/// <summary>Ready once this gateway holds the revoked tokens: before, it refuses every token.</summary>
internal sealed class RevocationsLoadedCheck(RevocationList list) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(list.IsLoaded ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy());
}
