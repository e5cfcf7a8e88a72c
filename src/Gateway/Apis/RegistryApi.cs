using Canvass.Gateway.Docs;
using Canvass.Gateway.Hosting;
using Canvass.Registry;

namespace Canvass.Gateway.Apis;

/// <summary>What a client needs to start from without knowing any id: the registry's root unit.</summary>
public static class RegistryApi
{
    public static IEndpointRouteBuilder MapRegistryApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/registry").MapGet("/root", GetRootAsync).WithName("GetRegistryRoot").WithTags("Units")
            .ProducesExample(ApiExamples.City);
        return app;
    }

    /// <summary>The summary of the registry's root unit.</summary>
    /// <remarks>
    /// Where a client starts without knowing any id: the city `4403` with the Shenzhen registry, `CN` with the
    /// national one. Its children are under `/api/units/{id}/children`.
    /// </remarks>
    /// <response code="200">The root's summary.</response>
    internal static async Task<IResult> GetRootAsync(UnitRegistry registry, UnitGrains grains) =>
        Results.Ok(await grains.Summary(registry.Root).GetSummaryAsync());
}
