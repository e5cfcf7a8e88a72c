using System.Security.Claims;
using Canvass.Abstractions.Screening;
using Canvass.Abstractions.Units;
using Canvass.Gateway.Auth;
using Canvass.Gateway.Docs;
using Canvass.Gateway.Limits;
using Canvass.Gateway.Hosting;
using Canvass.Registry;

namespace Canvass.Gateway.Apis;

/// <summary>Reads of unit summaries: one unit, its children, and the sites below with the worst gaps.</summary>
public static class UnitsApi
{
    private const int MaxGapLimit = 1000;

    public static IEndpointRouteBuilder MapUnitsApi(this IEndpointRouteBuilder app)
    {
        var units = app.MapGroup("/api/units").WithTags("Units").RequirePermission(Permissions.Read).RequireReadLimit();
        units.MapGet("/{id}", GetUnitAsync).WithName("GetUnit")
            .ProducesExample(ApiExamples.Community)
            .ProducesProblemExample(Problems.UnknownUnit(ApiExamples.UnknownUnitId))
            .ProducesProblemExample(Problems.Loading(ApiExamples.CommunityId));
        units.MapGet("/{id}/children", GetChildrenAsync).WithName("GetChildren")
            .ProducesExample<IReadOnlyList<UnitSummary>>(ApiExamples.Children)
            .ProducesProblemExample(Problems.UnknownUnit(ApiExamples.UnknownUnitId))
            .ProducesProblemExample(Problems.Loading(ApiExamples.CommunityId));
        // Not under the group's read policy: a screener may list households without reading aggregates.
        app.MapGet("/api/units/{id}/households", GetHouseholdsAsync).WithName("GetHouseholds").WithTags("Units")
            .RequirePermission(Permissions.ReadHouseholds)
            .ProducesExample<IReadOnlyList<HouseholdStatus>>(ApiExamples.Households)
            .ProducesProblemExample(NotASite(ApiExamples.CommunityId, "community"))
            .ProducesProblemExample(Problems.UnknownUnit(ApiExamples.UnknownUnitId));
        units.MapGet("/{id}/gaps", GetGapsAsync).WithName("GetGaps")
            .ProducesExample<IReadOnlyList<UnitSummary>>(ApiExamples.Gaps)
            .ProducesProblemExample(BadLimit("0"))
            .ProducesProblemExample(Problems.UnknownUnit(ApiExamples.UnknownUnitId))
            .ProducesProblemExample(Problems.Loading(ApiExamples.CommunityId));
        return app;
    }

    /// <summary>A unit's summary.</summary>
    /// <remarks>
    /// The exact figures of one unit (city, district, subdistrict, community or site) at its `version`: households
    /// screened, absent and refused of those registered, residents by status, stale and closed sites, temperature
    /// checks of the last hour and open alerts below it. The same summary is pushed over the hub as it changes.
    /// </remarks>
    /// <param name="id" example="440304005021">The unit's id: a division code (`4403`, `440304`, `440304005`, `440304005021`) or a site id (`440304005021-001`).</param>
    /// <response code="200">The unit's summary.</response>
    /// <response code="404">The id is not in the registry, or not in the token's unit.</response>
    /// <response code="503">The unit is still being rebuilt after a restart (it would show less than before): read it again after `Retry-After` seconds.</response>
    internal static async Task<IResult> GetUnitAsync(string id, ClaimsPrincipal user, UnitRegistry registry, UnitGrains grains, HttpContext http)
    {
        if (!registry.TryGetVisible(id, user, out var unit))
        {
            return Problems.UnknownUnit(id);
        }

        var summary = await grains.Summary(unit).GetSummaryAsync();
        return summary.Loading ? Problems.Loading(http, id) : Results.Ok(summary);
    }

    /// <summary>The summaries of a unit's children.</summary>
    /// <remarks>
    /// One summary per child, in registry order: the districts of `4403`, the communities of a subdistrict, the
    /// sites of a community. A site has no children (an empty list).
    /// </remarks>
    /// <param name="id" example="440304005021">The parent unit's id.</param>
    /// <response code="200">The children's summaries.</response>
    /// <response code="404">The id is not in the registry, or not in the token's unit.</response>
    /// <response code="503">The unit is still being rebuilt after a restart: read it again after `Retry-After` seconds.</response>
    internal static async Task<IResult> GetChildrenAsync(string id, ClaimsPrincipal user, UnitRegistry registry, UnitGrains grains, HttpContext http)
    {
        if (!registry.TryGetVisible(id, user, out var unit))
        {
            return Problems.UnknownUnit(id);
        }

        // A complete unit holds a complete summary of every child.
        var snapshot = await grains.Summary(unit).GetSnapshotAsync(includeChildren: true);
        return snapshot.Unit.Loading ? Problems.Loading(http, id) : Results.Ok(snapshot.Children);
    }

    /// <summary>A site's households with the latest report of each.</summary>
    /// <remarks>
    /// Every registered household of a site, numbered from 1, with the `outcome`, `screenedAt` and `residents` of
    /// its latest report; all three are null for a household not visited yet. Only sites have households. For
    /// supervisor, screener and admin tokens: display and partner tokens see aggregates only (403).
    /// </remarks>
    /// <param name="id" example="440304005021-001">The site's id.</param>
    /// <response code="200">One entry per household, by number.</response>
    /// <response code="400">The unit is not a site.</response>
    /// <response code="404">The id is not in the registry, or not in the token's unit.</response>
    internal static async Task<IResult> GetHouseholdsAsync(string id, ClaimsPrincipal user, UnitRegistry registry, UnitGrains grains)
    {
        if (!registry.TryGetVisible(id, user, out var unit))
        {
            return Problems.UnknownUnit(id);
        }

        return unit.IsSite
            ? Results.Ok(await grains.Site(unit.Id).GetHouseholdsAsync())
            : NotASite(id, unit.Level);
    }

    /// <summary>The sites below a unit with the worst gaps: stale first, then lowest coverage.</summary>
    /// <remarks>
    /// Site summaries, worst first: sites with no report for the stale period (or never visited), then the lowest
    /// coverage. For a site, the site itself.
    /// </remarks>
    /// <param name="id" example="440304005">The unit's id.</param>
    /// <param name="limit" example="20">How many sites, a whole number from 1 to 1000; 20 when absent.</param>
    /// <response code="200">The worst sites, worst first.</response>
    /// <response code="400">`limit` is not a whole number from 1 to 1000.</response>
    /// <response code="404">The id is not in the registry, or not in the token's unit.</response>
    /// <response code="503">The unit is still being rebuilt after a restart: read it again after `Retry-After` seconds.</response>
    internal static async Task<IResult> GetGapsAsync(string id, string? limit, ClaimsPrincipal user, UnitRegistry registry, UnitGrains grains, HttpContext http)
    {
        var count = 20;
        if (limit is not null && (!int.TryParse(limit, out count) || count < 1 || count > MaxGapLimit))
        {
            return BadLimit(limit);
        }

        if (!registry.TryGetVisible(id, user, out var unit))
        {
            return Problems.UnknownUnit(id);
        }

        // A site's only gap is itself.
        if (unit.IsSite)
        {
            return Results.Ok(new[] { await grains.Site(unit.Id).GetSummaryAsync() });
        }

        // The summary's read waits for a loading subtree (bounded); a unit below that reloaded since marks its sites.
        var grain = grains.Unit(unit.Id);
        if ((await grain.GetSummaryAsync()).Loading)
        {
            return Problems.Loading(http, id);
        }

        var gaps = await grain.GetGapsAsync(count);
        return gaps.Any(s => s.Loading) ? Problems.Loading(http, id) : Results.Ok(gaps);
    }

    private static IResult NotASite(string id, string level) =>
        Problems.BadQuery($"Unit '{id}' is a {level}, not a site: only sites list households. Its sites are under /api/units/{id}/children.");

    private static IResult BadLimit(string limit) => Problems.BadQuery($"limit '{limit}' must be a whole number from 1 to {MaxGapLimit}.");
}
