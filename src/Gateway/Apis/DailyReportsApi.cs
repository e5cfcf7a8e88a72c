using System.Globalization;
using System.Security.Claims;
using Canvass.Abstractions.DailyReports;
using Canvass.Gateway.Auth;
using Canvass.Gateway.DailyReports;
using Canvass.Gateway.Docs;
using Canvass.Gateway.Limits;
using Canvass.Registry;

namespace Canvass.Gateway.Apis;

/// <summary>The daily situation reports: the published days, and a unit's report of a day as JSON or Excel.</summary>
public static class DailyReportsApi
{
    public static IEndpointRouteBuilder MapDailyReportsApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/daily-reports").WithTags("Daily reports").RequirePermission(Permissions.Read).RequireReadLimit();
        reports.MapGet("", ListAsync).WithName("ListDailyReports")
            .ProducesExample(DailyReportExamples.Dates);
        reports.MapGet("/{date}", GetAsync).WithName("GetDailyReport")
            .ProducesExample(DailyReportExamples.Report)
            .ProducesProblemExample(BadDate("2020-02-30"))
            .ProducesProblemExample(Problems.UnknownUnit(ApiExamples.UnknownUnitId))
            .ProducesProblemExample(NotPublishedYet("2020-02-04"));
        // A complex segment ranks above the plain {date}, so "2020-02-03.xlsx" is this route's.
        reports.MapGet("/{date}.xlsx", GetWorkbookAsync).WithName("GetDailyReportWorkbook")
            .ProducesExample(DailyReportExamples.Workbook, DailyReportSheet.ContentType)
            .ProducesProblemExample(BadDate("2020-02-30"))
            .ProducesProblemExample(Problems.UnknownUnit(ApiExamples.UnknownUnitId))
            .ProducesProblemExample(NotPublishedYet("2020-02-04"));
        return app;
    }

    /// <summary>The days whose report is published.</summary>
    /// <remarks>
    /// Every published day, oldest first, with the instant its figures stand for (`cutOff`, `DailyReports:CutOff`,
    /// by default the end of the day in registry time) and when it was frozen (`publishedAt`: the cut-off plus
    /// `DailyReports:Settle`, or later if the service was down then).
    /// </remarks>
    /// <response code="200">The published days, oldest first (empty before the first).</response>
    internal static async Task<IResult> ListAsync(IGrainFactory grains) =>
        Results.Ok(await grains.GetGrain<IDailyReportsGrain>(0).ListAsync());

    /// <summary>A unit's daily situation report: its figures and its children's, frozen at the day's cut-off.</summary>
    /// <remarks>
    /// The figures as the service had received them at the cut-off (the as-received history), frozen then and never
    /// changed: a report screened before the cut-off but uploaded later counts in the next day's
    /// `lateForPreviousDay` (household and checkpoint reports that arrived during that day with a screening time
    /// before this day's cut-off), never in this one. `unit` defaults to the token's unit; a unit outside the
    /// token's reads as an unknown one.
    /// </remarks>
    /// <param name="date" example="2020-02-03">The day, yyyy-MM-dd (registry time).</param>
    /// <param name="unit" example="440304005021">The unit; the token's unit when absent.</param>
    /// <response code="200">The report.</response>
    /// <response code="400">The date is not a day as yyyy-MM-dd.</response>
    /// <response code="404">The unit is not in the registry (or not in the token's unit), or the day is not published yet.</response>
    internal static async Task<IResult> GetAsync(string date, string? unit, ClaimsPrincipal user, UnitRegistry registry, IGrainFactory grains)
    {
        var (report, problem) = await ReadAsync(date, unit, user, registry, grains);
        return problem ?? Results.Ok(report);
    }

    /// <summary>A unit's daily situation report as an Excel workbook.</summary>
    /// <remarks>
    /// The same report as `GET /api/daily-reports/{date}`, one row for the unit (with its late arrivals) and one per
    /// child, each with the date and cut-off; headers in English, or Chinese with `?lang=zh`.
    /// </remarks>
    /// <param name="date" example="2020-02-03">The day, yyyy-MM-dd (registry time).</param>
    /// <param name="unit" example="440304005021">The unit; the token's unit when absent.</param>
    /// <param name="lang" example="zh">`en` (default) or `zh`: the language of the headers.</param>
    /// <response code="200">The workbook.</response>
    /// <response code="400">The date is not a day as yyyy-MM-dd, or `lang` is neither `en` nor `zh`.</response>
    /// <response code="404">The unit is not in the registry (or not in the token's unit), or the day is not published yet.</response>
    internal static async Task<IResult> GetWorkbookAsync(string date, string? unit, string? lang, ClaimsPrincipal user, UnitRegistry registry, IGrainFactory grains, HttpContext http)
    {
        if (lang is not (null or "en" or "zh"))
        {
            return Problems.BadQuery($"lang '{lang}' must be en or zh.");
        }

        var (report, problem) = await ReadAsync(date, unit, user, registry, grains);
        if (problem is not null)
        {
            return problem;
        }

        var bytes = await DailyReportSheet.WriteAsync(report!, lang == "zh", http.RequestAborted);
        return Results.File(bytes, DailyReportSheet.ContentType, $"daily-report-{report!.Date:yyyy-MM-dd}-{report.Unit.Id}.xlsx");
    }

    private static async Task<(DailyReport? Report, IResult? Problem)> ReadAsync(string date, string? unit, ClaimsPrincipal user, UnitRegistry registry, IGrainFactory grains)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return (null, BadDate(date));
        }

        var id = unit ?? registry.ScopeOf(user)?.Id;
        if (id is null || !registry.TryGetVisible(id, user, out var visible))
        {
            return (null, Problems.UnknownUnit(id ?? ""));
        }

        return await grains.GetGrain<IDailyReportsGrain>(0).GetAsync(day, visible.Id) is { } report
            ? (report, null)
            : (null, NotPublishedYet(date));
    }

    private static IResult BadDate(string date) => Problems.BadQuery($"date '{date}' must be a day as yyyy-MM-dd.");

    private static IResult NotPublishedYet(string date) =>
        Problems.NotPublished($"The daily report of {date} is not published: each day's report is frozen at its cut-off (DailyReports:CutOff, registry time) once the settle time has passed.");
}
