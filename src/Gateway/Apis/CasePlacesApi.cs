using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Canvass.Abstractions.CasePlaces;
using Canvass.Gateway.Auth;
using Canvass.Gateway.CasePlaces;
using Canvass.Gateway.Docs;
using Canvass.Gateway.Limits;
using Canvass.Registry;
using Microsoft.Extensions.Options;

namespace Canvass.Gateway.Apis;

/// <summary>
/// Marks of sites visited by confirmed cases (supervisors), and the daily list published from them (anyone).
/// </summary>
public static class CasePlacesApi
{
    /// <summary>How far back a mark may go: corrections of the last three months, not history rewriting.</summary>
    public const int MaxDaysBack = 90;

    public static IEndpointRouteBuilder MapCasePlacesApi(this IEndpointRouteBuilder app)
    {
        var marks = app.MapGroup("/api/case-places").WithTags("Case places").RequirePermission(Permissions.MarkCasePlaces);
        marks.MapPost("", MarkAsync).WithName("MarkCasePlace").RequireWriteLimit()
            .AcceptsExample(ApiExamples.Mark)
            .ProducesExample(ApiExamples.Marked)
            .ProducesProblemExample(BadMarkBody())
            .ProducesProblemExample(NotASite("440304005021"))
            .ProducesProblemExample(AfterToday("2020-02-04", new DateOnly(2020, 2, 3)))
            .ProducesProblemExample(TooLongAgo("2019-10-01"));
        marks.MapDelete("/{date}/{siteId}", UnmarkAsync).WithName("UnmarkCasePlace").RequireWriteLimit()
            .ProducesExample(ApiExamples.Unmarked)
            .ProducesProblemExample(NotASite("440304005021"))
            .ProducesProblemExample(BadDate("2020-02-30"));
        marks.MapGet("", GetMarksAsync).WithName("GetCasePlaceMarks").RequireReadLimit()
            .ProducesExample(ApiExamples.Marks)
            .ProducesProblemExample(BadDateQuery("2020-02-30"));
        app.MapGet("/api/public/case-places", GetPublishedAsync).WithName("GetPublishedCasePlaces").WithTags("Case places")
            .AllowAnonymous().RequirePublicLimit().CacheOutput(CasePlaces.PublicListCache.Name)
            .ProducesExample(ApiExamples.CasePlaces)
            .ProducesProblemExample(BadDateQuery("2020-02-30"))
            .ProducesProblemExample(NotPublishedYet("2020-02-04", new TimeOnly(14, 0)))
            .ProducesProblemExample(NoneYet());

        // The same list as a plain page for people (no script), not an API operation.
        app.MapGet("/case-places", GetPageAsync).AllowAnonymous().RequirePublicLimit().CacheOutput(CasePlaces.PublicListCache.Name).ExcludeFromDescription();
        return app;
    }

    /// <summary>Mark a site as visited by a confirmed case on a date: the site and the date, nothing personal.</summary>
    /// <remarks>
    /// A supervisor's record that a confirmed case visited a site (compound or urban village) on a day: today or up
    /// to 90 days back, in registry time. The body is exactly `siteId` and `date`: a body with any other member (a
    /// name, a household) is refused, and nothing personal is stored. Marking a site again changes nothing
    /// (`changed: false`). Each day's marks are published at the next day's cut-off (`CasePlaces:CutOff`, 14:00 by
    /// default) at `/api/public/case-places`; a mark made after its day's list is published appears as a correction at
    /// the following cut-off. The example marks a day of February 2020, as the published example; a mark made now
    /// takes a recent date.
    /// </remarks>
    /// <response code="200">The mark, and whether it is new.</response>
    /// <response code="400">The body is not a JSON object of exactly `siteId` and `date`, the site is not in the registry (or not in the token's unit), or the date is not a day from 90 days ago to today.</response>
    internal static async Task<IResult> MarkAsync(HttpRequest request, UnitRegistry registry, IGrainFactory grains, TimeProvider time)
    {
        CasePlaceMarkRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<CasePlaceMarkRequest>(request.HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return BadMarkBody();
        }

        if (Check(body?.SiteId, body?.Date, request.HttpContext.User, registry, time, out var date) is { } invalid)
        {
            return invalid;
        }

        var outcome = await grains.GetGrain<ICasePlacesGrain>(0).MarkAsync(body!.SiteId!, date);
        return Results.Ok(new CasePlaceMarkResult(body.SiteId!, body.Date!, outcome == MarkOutcome.Changed));
    }

    /// <summary>Take a mark back; a list already published gets a correction at the next cut-off.</summary>
    /// <remarks>
    /// Removes a site's mark for a day, with the same rules as marking (a site of the registry, a day from 90 days
    /// ago to today). Taking back a mark that is not there changes nothing (`changed: false`). A published list is
    /// never changed: when the day's list already holds the site, the next cut-off publishes a correction that
    /// removes it.
    /// </remarks>
    /// <param name="date" example="2020-02-02">The day of the mark, yyyy-MM-dd.</param>
    /// <param name="siteId" example="440304005021-001">The site's id.</param>
    /// <response code="200">The mark taken back, and whether there was one.</response>
    /// <response code="400">The site is not in the registry, or the date is not a day from 90 days ago to today.</response>
    internal static async Task<IResult> UnmarkAsync(string date, string siteId, ClaimsPrincipal user, UnitRegistry registry, IGrainFactory grains, TimeProvider time)
    {
        if (Check(siteId, date, user, registry, time, out var day) is { } invalid)
        {
            return invalid;
        }

        var outcome = await grains.GetGrain<ICasePlacesGrain>(0).UnmarkAsync(siteId, day);
        return Results.Ok(new CasePlaceMarkResult(siteId, date, outcome == MarkOutcome.Changed));
    }

    /// <summary>The sites marked for a date now, published or not.</summary>
    /// <remarks>
    /// The supervisors' working list: every site marked for the day at this moment, including marks made or taken
    /// back since its list was published. What the public sees is `/api/public/case-places`.
    /// </remarks>
    /// <param name="date" example="2020-02-02">The day, yyyy-MM-dd; required.</param>
    /// <response code="200">The day and the ids of the sites of the token's unit marked for it (empty when none).</response>
    /// <response code="400">`date` is missing or not a day as yyyy-MM-dd.</response>
    internal static async Task<IResult> GetMarksAsync(string? date, ClaimsPrincipal user, UnitRegistry registry, IGrainFactory grains)
    {
        if (!TryParseDate(date, out var day))
        {
            return BadDateQuery(date);
        }

        // A supervisor sees the marks of its own unit's sites only.
        var marks = await grains.GetGrain<ICasePlacesGrain>(0).GetMarksAsync(day);
        var scope = registry.ScopeOf(user);
        return Results.Ok(new CasePlaceMarks(date!, [.. marks.Where(site => registry.TryGetVisible(site, scope, out _))]));
    }

    /// <summary>The published list of places visited by confirmed cases on a date, with its corrections. No token needed.</summary>
    /// <remarks>
    /// Each day's list is published at the next day's cut-off (`CasePlaces:CutOff`, 14:00 registry time by default):
    /// the sites marked for the day at that moment, each with its name, kind and `area` (the names from its community
    /// up, nearest first), and nothing about the cases. A published list never changes, across restarts too; marks
    /// made or taken back later follow as `corrections` (`added`, `removed`), each at a later cut-off, oldest first.
    /// A day with no marks (after the first list ever) is an empty list. If the service was down at a cut-off, the
    /// list is published when it is back, `publishedAt` saying when. The same list is pushed over the hub
    /// (`SubscribeCasePlaces`, then `CasePlacesPublished`) and shown as a plain page at `/case-places?date=…`.
    /// </remarks>
    /// <param name="date" example="2020-02-02">The day the cases visited the places, yyyy-MM-dd; the newest list when absent.</param>
    /// <response code="200">The day's list as published, with its corrections.</response>
    /// <response code="400">`date` is not a day as yyyy-MM-dd.</response>
    /// <response code="404">The day's list is not published yet (its cut-off has not passed), or no list has been published at all.</response>
    internal static async Task<IResult> GetPublishedAsync(string? date, IGrainFactory grains, IOptions<CasePlacesOptions> casePlaces)
    {
        var grain = grains.GetGrain<ICasePlacesGrain>(0);
        if (date is null)
        {
            return await grain.GetLatestAsync() is { } latest ? Results.Ok(latest) : NoneYet();
        }

        if (!TryParseDate(date, out var day))
        {
            return BadDateQuery(date);
        }

        return await grain.GetPublishedAsync(day) is { } list
            ? Results.Ok(list)
            : NotPublishedYet(date, casePlaces.Value.CutOff);
    }

    private static async Task<IResult> GetPageAsync(string? date, IGrainFactory grains, UnitRegistry registry, TimeProvider time, IOptions<CasePlacesOptions> casePlaces)
    {
        var grain = grains.GetGrain<ICasePlacesGrain>(0);
        CasePlacesList? list;
        if (date is null)
        {
            list = await grain.GetLatestAsync();
        }
        else if (TryParseDate(date, out var day))
        {
            list = await grain.GetPublishedAsync(day);
        }
        else
        {
            return BadDateQuery(date);
        }

        var shown = list?.Date ?? (date is null ? DateOnly.FromDateTime(registry.ToLocal(time.GetUtcNow()).DateTime).AddDays(-1) : DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture));
        return Results.Content(CasePlacesPage.Render(shown, list, casePlaces.Value.CutOff), "text/html; charset=utf-8");
    }

    private static IResult? Check(string? siteId, string? date, ClaimsPrincipal user, UnitRegistry registry, TimeProvider time, out DateOnly day)
    {
        day = default;
        if (string.IsNullOrWhiteSpace(siteId) || !registry.TryGetVisible(siteId, user, out var site) || !site.IsSite)
        {
            return NotASite(siteId);
        }

        if (!TryParseDate(date, out day))
        {
            return BadDate(date);
        }

        var today = DateOnly.FromDateTime(registry.ToLocal(time.GetUtcNow()).DateTime);
        if (day > today)
        {
            return AfterToday(date!, today);
        }

        return day < today.AddDays(-MaxDaysBack) ? TooLongAgo(date!) : null;
    }

    private static IResult BadMarkBody() =>
        Problems.BadBody("The body must be the JSON object {\"siteId\": \"440304005021-001\", \"date\": \"2020-02-02\"} sent as application/json, and nothing else: no names, no households, nothing personal is accepted or stored.");

    private static IResult NotASite(string? siteId) => Problems.BadBody($"siteId '{siteId}' is not a site of the registry.");

    private static IResult BadDate(string? date) => Problems.BadBody($"date '{date}' must be a day as yyyy-MM-dd.");

    private static IResult AfterToday(string date, DateOnly today) =>
        Problems.BadBody($"date {date} is after today ({today:yyyy-MM-dd} in registry time): a place is marked for a day that has begun.");

    private static IResult TooLongAgo(string date) =>
        Problems.BadBody($"date {date} is more than {MaxDaysBack} days ago; marks correct recent lists only.");

    private static IResult BadDateQuery(string? date) => Problems.BadQuery($"date '{date}' must be a day as yyyy-MM-dd.");

    private static IResult NoneYet() => Problems.NotPublished("No list has been published yet.");

    private static IResult NotPublishedYet(string date, TimeOnly cutOff) =>
        Problems.NotPublished($"The list of {date} is not published: each day's list is published at {cutOff:HH\\:mm} the next day (registry time).");

    private static bool TryParseDate(string? date, out DateOnly day) =>
        DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
}
