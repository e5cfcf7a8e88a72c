using System.Security.Claims;
using Canvass.Gateway.Auth;
using Canvass.Gateway.Docs;
using Canvass.Gateway.Limits;
using Canvass.Gateway.Hosting;
using Canvass.Registry;

namespace Canvass.Gateway.Apis;

/// <summary>What a client needs to start from without knowing any id: the registry's root unit.</summary>
public static class RegistryApi
{
    public static IEndpointRouteBuilder MapRegistryApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/registry").RequirePermission(Permissions.Read).RequireReadLimit().MapGet("/root", GetRootAsync).WithName("GetRegistryRoot").WithTags("Units")
            .ProducesExample(ApiExamples.City)
            .ProducesProblemExample(Problems.UnknownUnit(ApiExamples.UnknownUnitId))
            .ProducesProblemExample(Problems.Loading("4403"));
        return app;
    }

    /// <summary>The summary of the unit a client starts from: the registry's root, or the token's own unit.</summary>
    /// <remarks>
    /// Where a client starts without knowing any id: the city `4403` with the Shenzhen registry, `CN` with the
    /// national one, for a token of the whole registry; for a token of a district or a community, that unit. Its
    /// children are under `/api/units/{id}/children`.
    /// </remarks>
    /// <response code="200">The summary of the registry's root, or of the token's unit.</response>
    /// <response code="404">The token's unit is not in the registry.</response>
    /// <response code="503">The unit is still being rebuilt after a restart: read it again after `Retry-After` seconds.</response>
    internal static async Task<IResult> GetRootAsync(ClaimsPrincipal user, UnitRegistry registry, UnitGrains grains, HttpContext http)
    {
        if (registry.ScopeOf(user) is not { } scope)
        {
            return Problems.UnknownUnit(user.FindFirstValue(CanvassClaims.Unit) ?? "");
        }

        var summary = await grains.Summary(scope).GetSummaryAsync();
        return summary.Loading ? Problems.Loading(http, scope.Id) : Results.Ok(summary);
    }
}
