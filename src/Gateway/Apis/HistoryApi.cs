using System.Globalization;
using Canvass.Gateway.Hosting;
using Canvass.Registry;

namespace Canvass.Gateway.Apis;

/// <summary>A unit's summary over time (a range of points), or the figures as of one instant.</summary>
public static class HistoryApi
{
    /// <summary>A range with no <c>from</c> reaches back this far.</summary>
    public static readonly TimeSpan DefaultRange = TimeSpan.FromHours(24);

    /// <summary>The longest range one request may ask for: a month of hourly points and two days of minutes.</summary>
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(31);

    /// <summary>Most points one answer carries; 31 days hold about 3,600 once compacted.</summary>
    public const int MaxPoints = 10_000;

    // ISO 8601 with an offset (Z or ±hh:mm), with or without seconds and fractions.
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mmzzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm'Z'",
    ];

    public static IEndpointRouteBuilder MapHistoryApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/units").MapGet("/{id}/history", GetHistoryAsync).WithName("GetHistory")
            .WithSummary("A unit's summary over time (from, to; default the last 24 h), or as of one instant (at).");
        return app;
    }

    private static async Task<IResult> GetHistoryAsync(string id, string? from, string? to, string? at, UnitRegistry registry, UnitGrains grains, TimeProvider time)
    {
        if (at is not null)
        {
            return from is not null || to is not null
                ? Problems.BadQuery("Ask for one instant (at) or for a range (from, to), not both.")
                : await AsOfAsync(id, at, registry, grains);
        }

        DateTimeOffset? start = null, end = null;
        if (from is not null && (start = Parse(from)) is null)
        {
            return Problems.BadQuery(NotADate("from", from));
        }

        if (to is not null && (end = Parse(to)) is null)
        {
            return Problems.BadQuery(NotADate("to", to));
        }

        // Since `from` when only it is given, the day up to `to` when only that is, else the last day.
        var now = time.GetUtcNow();
        end ??= start > now ? start : now;
        start ??= end.Value - DefaultRange;
        if (start > end)
        {
            return Problems.BadQuery($"from {start:O} is after to {end:O}.");
        }

        if (end.Value - start.Value > MaxRange)
        {
            return Problems.BadQuery($"The range from {start:O} to {end:O} spans {(end.Value - start.Value).TotalDays:0.#} days; ask for at most {MaxRange.TotalDays:0} days at a time.");
        }

        if (!registry.TryGet(id, out _))
        {
            return Problems.UnknownUnit(id);
        }

        var points = await grains.History.RangeAsync(id, start.Value, end.Value, MaxPoints + 1);
        return points.Count > MaxPoints
            ? Problems.BadQuery($"The range from {start:O} to {end:O} holds more than {MaxPoints:N0} points of unit '{id}'; ask for a shorter one.")
            : Results.Ok(points);
    }

    private static async Task<IResult> AsOfAsync(string id, string at, UnitRegistry registry, UnitGrains grains)
    {
        if (Parse(at) is not { } instant)
        {
            return Problems.BadQuery(NotADate("at", at));
        }

        if (!registry.TryGet(id, out _))
        {
            return Problems.UnknownUnit(id);
        }

        return await grains.History.AsOfAsync(id, instant) is { } point ? Results.Ok(point) : Problems.NoHistory(id, at.Trim().Replace(' ', '+'));
    }

    private static DateTimeOffset? Parse(string value) =>
        // A '+' left unencoded in a query string arrives as a space; ISO dates have none otherwise.
        DateTimeOffset.TryParseExact(value.Trim().Replace(' ', '+'), Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : null;

    private static string NotADate(string name, string value) =>
        $"{name} '{value}' is not an ISO 8601 date and time with an offset, such as 2020-02-03T08:00:00+08:00 or 2020-02-03T00:00:00Z (encode '+' as %2B).";
}
