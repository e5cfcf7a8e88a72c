using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Canvass.Abstractions.CasePlaces;
using Canvass.Gateway.CasePlaces;
using Canvass.Registry;

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
        var marks = app.MapGroup("/api/case-places");
        marks.MapPost("", MarkAsync).WithName("MarkCasePlace")
            .WithSummary("Mark a site as visited by a confirmed case on a date: the site and the date, nothing personal.");
        marks.MapDelete("/{date}/{siteId}", UnmarkAsync).WithName("UnmarkCasePlace")
            .WithSummary("Take a mark back; a list already published gets a correction at the next cut-off.");
        marks.MapGet("", GetMarksAsync).WithName("GetCasePlaceMarks")
            .WithSummary("The sites marked for a date now, published or not.");
        app.MapGet("/api/public/case-places", GetPublishedAsync).WithName("GetPublishedCasePlaces")
            .WithSummary("The published list of places visited by confirmed cases on a date (default: the newest list), with its corrections. No token needed.");
        app.MapGet("/case-places", GetPageAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> MarkAsync(HttpRequest request, UnitRegistry registry, IGrainFactory grains, TimeProvider time)
    {
        MarkRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<MarkRequest>(request.HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return Problems.BadBody("The body must be the JSON object {\"siteId\": \"440304005001-007\", \"date\": \"2020-02-02\"} sent as application/json, and nothing else: no names, no households, nothing personal is accepted or stored.");
        }

        if (Check(body?.SiteId, body?.Date, registry, time, out var date) is { } invalid)
        {
            return invalid;
        }

        var outcome = await grains.GetGrain<ICasePlacesGrain>(0).MarkAsync(body!.SiteId!, date);
        return Results.Ok(new { siteId = body.SiteId, date = body.Date, changed = outcome == MarkOutcome.Changed });
    }

    private static async Task<IResult> UnmarkAsync(string date, string siteId, UnitRegistry registry, IGrainFactory grains, TimeProvider time)
    {
        if (Check(siteId, date, registry, time, out var day) is { } invalid)
        {
            return invalid;
        }

        var outcome = await grains.GetGrain<ICasePlacesGrain>(0).UnmarkAsync(siteId, day);
        return Results.Ok(new { siteId, date, changed = outcome == MarkOutcome.Changed });
    }

    private static async Task<IResult> GetMarksAsync(string? date, IGrainFactory grains)
    {
        if (!TryParseDate(date, out var day))
        {
            return Problems.BadQuery($"date '{date}' must be a day as yyyy-MM-dd.");
        }

        return Results.Ok(new { date, siteIds = await grains.GetGrain<ICasePlacesGrain>(0).GetMarksAsync(day) });
    }

    private static async Task<IResult> GetPublishedAsync(string? date, IGrainFactory grains, IConfiguration configuration)
    {
        var grain = grains.GetGrain<ICasePlacesGrain>(0);
        if (date is null)
        {
            return await grain.GetLatestAsync() is { } latest ? Results.Ok(latest) : Problems.NotPublished("No list has been published yet.");
        }

        if (!TryParseDate(date, out var day))
        {
            return Problems.BadQuery($"date '{date}' must be a day as yyyy-MM-dd.");
        }

        return await grain.GetPublishedAsync(day) is { } list
            ? Results.Ok(list)
            : Problems.NotPublished($"The list of {date} is not published: each day's list is published at {CutOff(configuration):HH\\:mm} the next day (registry time).");
    }

    private static async Task<IResult> GetPageAsync(string? date, IGrainFactory grains, UnitRegistry registry, TimeProvider time, IConfiguration configuration)
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
            return Problems.BadQuery($"date '{date}' must be a day as yyyy-MM-dd.");
        }

        var shown = list?.Date ?? (date is null ? DateOnly.FromDateTime(registry.ToLocal(time.GetUtcNow()).DateTime).AddDays(-1) : DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture));
        return Results.Content(CasePlacesPage.Render(shown, list, CutOff(configuration)), "text/html; charset=utf-8");
    }

    private static IResult? Check(string? siteId, string? date, UnitRegistry registry, TimeProvider time, out DateOnly day)
    {
        day = default;
        if (string.IsNullOrWhiteSpace(siteId) || !registry.TryGet(siteId, out var site) || !site.IsSite)
        {
            return Problems.BadBody($"siteId '{siteId}' is not a site of the registry.");
        }

        if (!TryParseDate(date, out day))
        {
            return Problems.BadBody($"date '{date}' must be a day as yyyy-MM-dd.");
        }

        var today = DateOnly.FromDateTime(registry.ToLocal(time.GetUtcNow()).DateTime);
        if (day > today)
        {
            return Problems.BadBody($"date {date} is after today ({today:yyyy-MM-dd} in registry time): a place is marked for a day that has begun.");
        }

        return day < today.AddDays(-MaxDaysBack)
            ? Problems.BadBody($"date {date} is more than {MaxDaysBack} days ago; marks correct recent lists only.")
            : null;
    }

    private static bool TryParseDate(string? date, out DateOnly day) =>
        DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    private static TimeOnly CutOff(IConfiguration configuration) => configuration.GetValue("CasePlaces:CutOff", new TimeOnly(14, 0));

    // Only these two members: anything else in the body (a name, a household) is refused, never stored.
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    private sealed record MarkRequest(string? SiteId, string? Date);
}
