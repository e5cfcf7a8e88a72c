using Canvass.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Canvass.Grains.Hosting;

/// <summary>Ready when the journal's store answers.</summary>
public sealed class JournalReachableCheck(ISiteJournal journal) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await journal.PingAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The journal's store did not answer.", e);
        }
    }
}
