using Canvass.Gateway.Hosting;
using Canvass.Registry;

namespace Canvass.Gateway.Apis;

/// <summary>What a client needs to start from without knowing any id: the registry's root unit.</summary>
public static class RegistryApi
{
    public static IEndpointRouteBuilder MapRegistryApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/registry").MapGet("/root", GetRootAsync).WithName("GetRegistryRoot")
            .WithSummary("The summary of the registry's root unit (the city, or the country).");
        return app;
    }

    private static async Task<IResult> GetRootAsync(UnitRegistry registry, UnitGrains grains) =>
        Results.Ok(await grains.Summary(registry.Root).GetSummaryAsync());
}
