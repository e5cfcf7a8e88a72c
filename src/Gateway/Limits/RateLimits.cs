using System.Globalization;
using System.Threading.RateLimiting;
using Canvass.Gateway.Docs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Canvass.Gateway.Limits;

/// <summary>
/// The writes and reads limits (a token bucket per client) and the public list's (per address), each answering 429
/// with Retry-After when its bucket is empty.
/// </summary>
public static class RateLimits
{
    public const string Writes = "writes";
    public const string Reads = "reads";
    public const string Public = "public";

    public static IServiceCollection AddCanvassRateLimits(this IServiceCollection services, LimitOptions limits)
    {
        services.AddSingleton(limits);
        services.AddSingleton<HubCallLimiter>();
        services.AddSingleton<OpenLimits>();
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(Writes, http => ClientKey.IsExempt(http.User)
                ? RateLimitPartition.GetNoLimiter("exempt")
                : RateLimitPartition.GetTokenBucketLimiter(ClientKey.Of(http.User, http), _ => Bucket(limits.WriteBurst, limits.WritesPerSecond)));
            options.AddPolicy(Reads, http => ClientKey.IsExempt(http.User)
                ? RateLimitPartition.GetNoLimiter("exempt")
                : RateLimitPartition.GetTokenBucketLimiter(ClientKey.Of(http.User, http), _ => Bucket(limits.ReadBurst, limits.ReadsPerSecond)));
            // Anonymous: by address alone (the client's, through a known proxy; see ForwardedHeaders), whatever token is sent.
            options.AddPolicy(Public, http => RateLimitPartition.GetTokenBucketLimiter(
                "ip:" + http.Connection.RemoteIpAddress, _ => Bucket(limits.PublicReadBurst, limits.PublicReadsPerSecond)));
            options.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>Counts against the client's writes limit; documents the 429 answer.</summary>
    public static TBuilder RequireWriteLimit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(Writes).WithMetadata(
            new ProducesResponseTypeMetadata(StatusCodes.Status429TooManyRequests, typeof(ProblemDetails), ["application/problem+json"]),
            new ApiExample(StatusCodes.Status429TooManyRequests, TooMany(2), typeof(ProblemDetails)));

    /// <summary>Counts against the client's reads limit; documents the 429 answer.</summary>
    public static TBuilder RequireReadLimit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(Reads).WithMetadata(
            new ProducesResponseTypeMetadata(StatusCodes.Status429TooManyRequests, typeof(ProblemDetails), ["application/problem+json"]),
            new ApiExample(StatusCodes.Status429TooManyRequests, TooMany(2), typeof(ProblemDetails)));

    /// <summary>Counts against the address's limit on the public list; documents the 429 answer.</summary>
    public static TBuilder RequirePublicLimit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(Public).WithMetadata(
            new ProducesResponseTypeMetadata(StatusCodes.Status429TooManyRequests, typeof(ProblemDetails), ["application/problem+json"]),
            new ApiExample(StatusCodes.Status429TooManyRequests, TooMany(2), typeof(ProblemDetails)));

    internal static ProblemDetails TooMany(int seconds) => new()
    {
        Status = StatusCodes.Status429TooManyRequests,
        Title = "Too many requests",
        Detail = $"This client sent more requests than its limit allows. Retry after {seconds} s; batch reports instead of posting them one by one.",
    };

    internal static TokenBucketRateLimiterOptions Bucket(int burst, int perSecond) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellation)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var http = context.HttpContext;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = TooMany(seconds),
        });
    }
}
