using System.Security.Claims;
using Canvass.Abstractions.Screening;
using Canvass.Contracts.Gaps;
using Canvass.Contracts.History;
using Canvass.Contracts.Units;
using Canvass.Gateway.Auth;
using Canvass.Gateway.Exports;
using Canvass.Gateway.Hosting;
using Canvass.Gateway.Limits;
using Canvass.Registry;

namespace Canvass.Gateway.Apis;

/// <summary>
/// CSV and XLSX downloads of a unit's children, alerts and history and of a site's households. Each answers what its
/// JSON route answers (the route's own handler is called: the same query, scope, 404s and 503s), written as a table.
/// </summary>
public static class ExportsApi
{
    private const string Lang = "`lang`: `en` (default) or `zh` for the column headers. Every row carries the figures' time (registry time), the responsible region chain (district, subdistrict, community names) and the unit's code and name.";

    private const string Figures = "Registered households,Screened households,Absent households,Refused households,Coverage %,Residents normal,Residents fever,Residents key-area observation,Residents home quarantine,Residents central quarantine,Residents suspected,Residents confirmed,Last report at,Sites,Stale sites,Closed sites,Unstaffed sites,Temperature checks last hour,Open alerts,Unacknowledged alerts,Escalated alerts";
    private const string Numbers = "5210,4377,120,8,84,11020,3,41,57,2,0,0,2020-02-03T10:15:00+08:00,9,1,8,1,3120,3,2,1";

    private static readonly string ChildrenSample = ExportDocs.Sample(
        $"Figures as of,District,Subdistrict,Community,Code,Name,Level,{Figures}",
        $"2020-02-03T10:20:00+08:00,福田区,沙头街道,新沙社区居委会,440304005021-001,雅居山庄,site,{Numbers}");

    private static readonly string HistorySample = ExportDocs.Sample(
        $"Time,District,Subdistrict,Community,Code,Name,Level,{Figures}",
        $"2020-02-03T10:16:00+08:00,福田区,沙头街道,新沙社区居委会,440304005021,新沙社区居委会,community,{Numbers}");

    private static readonly string AlertsSample = ExportDocs.Sample(
        "Figures as of,District,Subdistrict,Community,Code,Name,Alert id,Kind,Raised at,Household,Detail,Escalations,Reached unit,Acknowledged by,Acknowledgement note,Acknowledged at",
        "2020-02-03T10:20:00+08:00,福田区,沙头街道,新沙社区居委会,440304005021-005,…,440304005021-005:stale:0:1580695200000,stale,2020-02-03T10:00:00+08:00,,No report for 2 h,1,440304005,,,");

    private static readonly string HouseholdsSample = ExportDocs.Sample(
        "Figures as of,District,Subdistrict,Community,Code,Name,Household,Outcome,Screened at,Residents normal,Residents fever,Residents key-area observation,Residents home quarantine,Residents central quarantine,Residents suspected,Residents confirmed",
        "2020-02-03T10:20:00+08:00,福田区,沙头街道,新沙社区居委会,440304005021-001,雅居山庄,17,screened,2020-02-03T09:41:00+08:00,2,1,0,0,0,0,0");

    public static IEndpointRouteBuilder MapExportsApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/units").WithTags("Exports").RequirePermission(Permissions.Read).RequireReadLimit();
        foreach (var (extension, format) in new[] { ("csv", ExportFormat.Csv), ("xlsx", ExportFormat.Xlsx) })
        {
            read.MapGet($"/{{id}}/children.{extension}", (string id, string? lang, ClaimsPrincipal user, UnitRegistry registry, UnitGrains grains, ExportTables tables, TimeProvider time, HttpContext http) =>
                    ExportAsync(lang, format, registry, id, time, () => UnitsApi.GetChildrenAsync(id, user, registry, grains, http), (IEnumerable<UnitSummary> v, RegistryUnit u, DateTimeOffset now) => tables.Children(u, v, now)))
                .WithName($"ExportChildren{format}").WithSummary($"The children's summaries as {extension.ToUpperInvariant()}.")
                .WithDescription($"The rows of `GET /api/units/{{id}}/children`. {Lang}").Documented(format, ChildrenSample);
            read.MapGet($"/{{id}}/alerts.{extension}", (string id, string? limit, string? escalated, string? lang, ClaimsPrincipal user, UnitRegistry registry, UnitGrains grains, ExportTables tables, TimeProvider time, HttpContext http) =>
                    ExportAsync(lang, format, registry, id, time, () => AlertsApi.GetAlertsAsync(id, limit, escalated, user, registry, grains, http), (IEnumerable<GapAlert> v, RegistryUnit u, DateTimeOffset now) => tables.Alerts(u, v, now)))
                .WithName($"ExportAlerts{format}").WithSummary($"The open alerts below a unit as {extension.ToUpperInvariant()}.")
                .WithDescription($"The rows of `GET /api/units/{{id}}/alerts`, with its `limit` and `escalated`. {Lang}").Documented(format, AlertsSample);
            read.MapGet($"/{{id}}/history.{extension}", (string id, string? from, string? to, string? at, string? asReceived, string? lang, ClaimsPrincipal user, UnitRegistry registry, UnitGrains grains, ExportTables tables, TimeProvider time) =>
                    ExportAsync(lang, format, registry, id, time, () => HistoryApi.GetHistoryAsync(id, from, to, at, asReceived, user, registry, grains, time), (object v, RegistryUnit u, DateTimeOffset now) =>
                        tables.History(u, v as IEnumerable<UnitHistoryPoint> ?? [(UnitHistoryPoint)v], now)))
                .WithName($"ExportHistory{format}").WithSummary($"A unit's history as {extension.ToUpperInvariant()}.")
                .WithDescription($"The points of `GET /api/units/{{id}}/history`, with its `from`, `to`, `at` and `asReceived`, one row per point (`provisional` says whether it may still be revised by late uploads). {Lang}").Documented(format, HistorySample);
            app.MapGet($"/api/units/{{id}}/households.{extension}", (string id, string? lang, ClaimsPrincipal user, UnitRegistry registry, UnitGrains grains, ExportTables tables, TimeProvider time) =>
                    ExportAsync(lang, format, registry, id, time, () => UnitsApi.GetHouseholdsAsync(id, user, registry, grains), (IEnumerable<HouseholdStatus> v, RegistryUnit u, DateTimeOffset now) => tables.Households(u, v, now)))
                .WithTags("Exports").RequirePermission(Permissions.ReadHouseholds).RequireReadLimit()
                .WithName($"ExportHouseholds{format}").WithSummary($"A site's households as {extension.ToUpperInvariant()}.")
                .WithDescription($"The rows of `GET /api/units/{{id}}/households` (supervisor, screener and admin tokens). {Lang}").Documented(format, HouseholdsSample);
        }

        return app;
    }

    /// <summary>The JSON route's answer as a table, or its problem as it is.</summary>
    private static async Task<IResult> ExportAsync<T>(string? lang, ExportFormat format, UnitRegistry registry, string id, TimeProvider time,
        Func<Task<IResult>> json, Func<T, RegistryUnit, DateTimeOffset, ExportTable> table)
    {
        if (lang is not null && !ExportHeaders.IsLanguage(lang))
        {
            return Problems.BadQuery($"lang '{lang}' must be en or zh.");
        }

        // Read before the JSON route answers: the figures are as of at least this instant.
        var now = time.GetUtcNow();
        var answer = await json();
        // A problem carries a value too (its ProblemDetails): only a 200 is a table.
        return answer is IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK } and IValueHttpResult { Value: T value } && registry.TryGet(id, out var unit)
            ? ExportWriter.Result(table(value, unit, now), format, lang ?? "en")
            : answer;
    }
}
