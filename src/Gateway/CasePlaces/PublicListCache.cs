using Canvass.Gateway.Limits;
using Microsoft.AspNetCore.OutputCaching;

namespace Canvass.Gateway.CasePlaces;

/// <summary>
/// The anonymous case-places list (API and page) from the gateway's output cache: anyone may ask, so one answer per
/// date serves everyone until the next publication evicts it (<see cref="CasePlacesFeed"/>) or
/// <see cref="LimitOptions.PublicCacheDuration"/> passes. Unlike ASP.NET Core's default policy it caches requests
/// that carry an Authorization header too: the list is the same for everyone, and a bogus header must not be a way
/// around the cache.
/// </summary>
internal sealed class PublicListCache(LimitOptions limits) : IOutputCachePolicy
{
    public const string Name = "public-case-places";
    public const string Tag = "case-places";

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var method = context.HttpContext.Request.Method;
        var cacheable = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = limits.PublicCacheDuration;
        context.CacheVaryByRules.QueryKeys = "date";
        context.CacheVaryByRules.VaryByHost = false;
        context.Tags.Add(Tag);
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        // Only a published list is kept: a 404 before the cut-off would otherwise outlive the publication.
        if (context.HttpContext.Response.StatusCode != StatusCodes.Status200OK)
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}
