using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;

namespace Canvass.Gateway.Limits;

/// <summary>
/// Limits hub method calls per client, as the writes limit does requests: a refused call fails with a
/// <see cref="HubException"/> saying when to retry, and the connection stays open.
/// </summary>
internal sealed class HubCallLimiter(LimitOptions limits) : IHubFilter, IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(
        key => RateLimitPartition.GetTokenBucketLimiter(key, _ => RateLimits.Bucket(limits.HubCallBurst, limits.HubCallsPerSecond)));

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var user = invocation.Context.User ?? new System.Security.Claims.ClaimsPrincipal();
        if (ClientKey.IsExempt(user))
        {
            return await next(invocation);
        }

        using var lease = _limiter.AttemptAcquire(ClientKey.Of(user, invocation.Context.GetHttpContext()));
        if (!lease.IsAcquired)
        {
            var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
            throw new HubException($"Too many calls from this client: retry {invocation.HubMethodName} after {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} s.");
        }

        return await next(invocation);
    }

    public void Dispose() => _limiter.Dispose();
}
