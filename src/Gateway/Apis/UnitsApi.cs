using Canvass.Gateway.Hosting;
using Canvass.Registry;

namespace Canvass.Gateway.Apis;

/// <summary>Reads of unit summaries: one unit, its children, and the sites below with the worst gaps.</summary>
public static class UnitsApi
{
    private const int MaxGapLimit = 1000;

    public static IEndpointRouteBuilder MapUnitsApi(this IEndpointRouteBuilder app)
    {
        var units = app.MapGroup("/api/units");
        units.MapGet("/{id}", GetUnitAsync).WithName("GetUnit").WithSummary("A unit's summary.");
        units.MapGet("/{id}/children", GetChildrenAsync).WithName("GetChildren").WithSummary("The summaries of a unit's children.");
        units.MapGet("/{id}/households", GetHouseholdsAsync).WithName("GetHouseholds").WithSummary("A site's households with the latest report of each.");
        units.MapGet("/{id}/gaps", GetGapsAsync).WithName("GetGaps").WithSummary("The sites below with the worst gaps: stale first, then lowest coverage.");
        return app;
    }

    private static async Task<IResult> GetUnitAsync(string id, UnitRegistry registry, UnitGrains grains) =>
        registry.TryGet(id, out var unit)
            ? Results.Ok(await grains.Summary(unit).GetSummaryAsync())
            : Problems.UnknownUnit(id);

    private static async Task<IResult> GetChildrenAsync(string id, UnitRegistry registry, UnitGrains grains) =>
        registry.TryGet(id, out var unit)
            ? Results.Ok((await grains.Summary(unit).GetSnapshotAsync(includeChildren: true)).Children)
            : Problems.UnknownUnit(id);

    private static async Task<IResult> GetHouseholdsAsync(string id, UnitRegistry registry, UnitGrains grains)
    {
        if (!registry.TryGet(id, out var unit))
        {
            return Problems.UnknownUnit(id);
        }

        return unit.IsSite
            ? Results.Ok(await grains.Site(unit.Id).GetHouseholdsAsync())
            : Problems.BadQuery($"Unit '{id}' is a {unit.Level}, not a site: only sites list households. Its sites are under /api/units/{id}/children.");
    }

    private static async Task<IResult> GetGapsAsync(string id, string? limit, UnitRegistry registry, UnitGrains grains)
    {
        var count = 20;
        if (limit is not null && (!int.TryParse(limit, out count) || count < 1 || count > MaxGapLimit))
        {
            return Problems.BadQuery($"limit '{limit}' must be a whole number from 1 to {MaxGapLimit}.");
        }

        if (!registry.TryGet(id, out var unit))
        {
            return Problems.UnknownUnit(id);
        }

        // A site's only gap is itself.
        return unit.IsSite
            ? Results.Ok(new[] { await grains.Site(unit.Id).GetSummaryAsync() })
            : Results.Ok(await grains.Unit(unit.Id).GetGapsAsync(count));
    }
}
