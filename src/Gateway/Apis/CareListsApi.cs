using System.Security.Claims;
using Canvass.Gateway.Auth;
using Canvass.Gateway.Docs;
using Canvass.Gateway.Hosting;
using Canvass.Gateway.Ingest;
using Canvass.Gateway.Limits;
using Canvass.Registry;

namespace Canvass.Gateway.Apis;

/// <summary>The lists of home quarantine and care below a unit; they name households, so they need the care policy.</summary>
public static class CareListsApi
{
    private const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapCareListsApi(this IEndpointRouteBuilder app)
    {
        var lists = app.MapGroup("/api/units").WithTags("Care").RequirePermission(Permissions.Care).RequireReadLimit();
        lists.MapGet("/{id}/care", GetCareAsync).WithName("GetCare")
            .ProducesExample<IReadOnlyList<CareRequest>>(CareExamples.CareList)
            .ProducesProblemExample(BadLimit("0"))
            .ProducesProblemExample(BadState("late"))
            .ProducesProblemExample(Problems.UnknownUnit(ApiExamples.UnknownUnitId))
            .ProducesProblemExample(Problems.Loading(ApiExamples.CommunityId));
        lists.MapGet("/{id}/quarantines", GetQuarantinesAsync).WithName("GetQuarantines")
            .ProducesExample<IReadOnlyList<Quarantine>>(CareExamples.QuarantineList)
            .ProducesProblemExample(BadLimit("0"))
            .ProducesProblemExample(Problems.UnknownUnit(ApiExamples.UnknownUnitId))
            .ProducesProblemExample(Problems.Loading(ApiExamples.CommunityId));
        return app;
    }

    /// <summary>Care requests of the sites below a unit: open, overdue or delivered today.</summary>
    /// <remarks>
    /// The requests of every site below the unit (or of the site itself) in `state`: `open` (requested or accepted),
    /// `overdue` (open past its category's deadline, `Care:Deadlines`) or `delivered` (today, the registry's local
    /// day). Overdue first, then the oldest request first. Lists are not pushed: a pushed summary whose `careOpen`,
    /// `careOverdue` or `careDeliveredToday` changed says the list did. For service, screener, supervisor and admin
    /// tokens: the list names households.
    /// </remarks>
    /// <param name="id" example="440304005021">The unit's id.</param>
    /// <param name="state" example="overdue">`open` (the default), `overdue` or `delivered`.</param>
    /// <param name="limit" example="100">How many requests, a whole number from 1 to 1000; 100 when absent.</param>
    /// <response code="200">The requests, overdue first.</response>
    /// <response code="400">`state` or `limit` is not valid.</response>
    /// <response code="404">The id is not in the registry, or not in the token's unit.</response>
    /// <response code="503">The unit is still being rebuilt after a restart (the list could miss requests): read it again after `Retry-After` seconds.</response>
    internal static async Task<IResult> GetCareAsync(string id, string? state, string? limit, ClaimsPrincipal user, UnitRegistry registry, UnitGrains grains, HttpContext http)
    {
        var listed = CareListState.Open;
        if (state is not null && !WireValues<CareListState>.TryParse(state, out listed))
        {
            return BadState(state);
        }

        if (ParseLimit(limit) is not { } count)
        {
            return BadLimit(limit!);
        }

        if (!registry.TryGetVisible(id, user, out var unit))
        {
            return Problems.UnknownUnit(id);
        }

        if (unit.IsSite)
        {
            return Results.Ok((await grains.Site(unit.Id).GetCareAsync(listed)).Take(count));
        }

        var grain = grains.Unit(unit.Id);
        return (await grain.GetSummaryAsync()).Loading ? Problems.Loading(http, id) : Results.Ok(await grain.GetCareAsync(listed, count));
    }

    /// <summary>Quarantined households of the sites below a unit, with today's checks.</summary>
    /// <remarks>
    /// The open quarantines (and those ended today) of every site below the unit (or of the site itself), those with
    /// a missed check or overdue to end first: each with its dates, `nextCheckDueAt`, `lastCheckAt`, `checkMissed`
    /// and today's checks done of due (`Care:CheckTimes`, registry time). For service, screener, supervisor and admin
    /// tokens: the list names households.
    /// </remarks>
    /// <param name="id" example="440304005021">The unit's id.</param>
    /// <param name="limit" example="100">How many quarantines, a whole number from 1 to 1000; 100 when absent.</param>
    /// <response code="200">The quarantines, those behind first.</response>
    /// <response code="400">`limit` is not a whole number from 1 to 1000.</response>
    /// <response code="404">The id is not in the registry, or not in the token's unit.</response>
    /// <response code="503">The unit is still being rebuilt after a restart: read it again after `Retry-After` seconds.</response>
    internal static async Task<IResult> GetQuarantinesAsync(string id, string? limit, ClaimsPrincipal user, UnitRegistry registry, UnitGrains grains, HttpContext http)
    {
        if (ParseLimit(limit) is not { } count)
        {
            return BadLimit(limit!);
        }

        if (!registry.TryGetVisible(id, user, out var unit))
        {
            return Problems.UnknownUnit(id);
        }

        if (unit.IsSite)
        {
            return Results.Ok((await grains.Site(unit.Id).GetQuarantinesAsync()).Take(count));
        }

        var grain = grains.Unit(unit.Id);
        return (await grain.GetSummaryAsync()).Loading ? Problems.Loading(http, id) : Results.Ok(await grain.GetQuarantinesAsync(count));
    }

    private static int? ParseLimit(string? limit) =>
        limit is null ? 100 : int.TryParse(limit, out var count) && count is >= 1 and <= MaxLimit ? count : null;

    private static IResult BadLimit(string limit) => Problems.BadQuery($"limit '{limit}' must be a whole number from 1 to {MaxLimit}.");

    private static IResult BadState(string state) => Problems.BadQuery($"state '{state}' must be one of {WireValues<CareListState>.Names}.");
}
