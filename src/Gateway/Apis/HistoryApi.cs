using System.Globalization;
using System.Security.Claims;
using Canvass.Abstractions.History;
using Canvass.Gateway.Auth;
using Canvass.Gateway.Docs;
using Canvass.Gateway.Limits;
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

    // Dates a history can hold: screening times start in 2000 (FieldRules), and one far beyond now is a typo.
    // Bounding them here also keeps `to - 24 h` and the stores' date arithmetic away from DateTimeOffset's ends.
    private static readonly DateTimeOffset Earliest = Ingest.FieldRules.Earliest;
    private static readonly DateTimeOffset Latest = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // ISO 8601 with an offset (Z or ±hh:mm), with or without seconds and fractions.
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mmzzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm'Z'",
    ];

    public static IEndpointRouteBuilder MapHistoryApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/units").RequirePermission(Permissions.Read).RequireReadLimit().MapGet("/{id}/history", GetHistoryAsync).WithName("GetHistory").WithTags("Units")
            .ProducesExample<IReadOnlyList<UnitHistoryPoint>>(ApiExamples.History, name: "a range (from, to)")
            .ProducesExample(ApiExamples.Point, name: "as of one instant (at)")
            .ProducesProblemExample(Problems.BadQuery(NotADate("from", "2020-02-03T08:00:00")))
            .ProducesProblemExample(Problems.BadQuery("from 2020-02-04T00:00:00.0000000+00:00 is after to 2020-02-03T00:00:00.0000000+00:00."))
            .ProducesProblemExample(Problems.BadQuery("The range from 2020-01-01T00:00:00.0000000+00:00 to 2020-03-01T00:00:00.0000000+00:00 spans 60 days; ask for at most 31 days at a time."))
            .ProducesProblemExample(Problems.BadQuery(OutOfRange("to", "0001-01-01T00:00Z")))
            .ProducesProblemExample(Problems.BadQuery("Ask for one instant (at) or for a range (from, to), not both."))
            .ProducesProblemExample(Problems.BadQuery(NotAFlag("yes")))
            .ProducesProblemExample(Problems.UnknownUnit(ApiExamples.UnknownUnitId))
            .ProducesProblemExample(Problems.NoHistory(ApiExamples.CommunityId, "2020-01-20T08:00:00+08:00"));
        return app;
    }

    /// <summary>A unit's summary over time, or as of one instant.</summary>
    /// <remarks>
    /// By screening time (the default): at each point the screening figures (`screenedHouseholds`,
    /// `absentHouseholds`, `refusedHouseholds`, `residents`, `lastReportAt`) count each household's latest report
    /// with `screenedAt` at or before the point's `at`, so a batch screened at 09:00 and uploaded at 17:00 revises the
    /// points from 09:00 on; the checkpoint figures (`closedSites`, `unstaffedSites`, `temperatureChecksLastHour`)
    /// count the checkpoint reports by their own `at` the same way (the newest at or before the point, the checks of
    /// the hour up to it); the other members are the summary the unit had at that instant. Points lie at the
    /// instants below, at the minutes reports were screened or checkpoints timed in, and an hour after each
    /// checkpoint's, when its checks leave the last hour. A point within `History:LateWindow` (default
    /// 24 hours) of now has `"provisional": true`: a late upload may still revise it; older points are final and
    /// never change (a report screened before the window counts from its oldest provisional point). With
    /// `asReceived=true` the answer is the curve as it was seen live, every point `"provisional": false`.
    ///
    /// Each silo records, at every minute boundary, the summary of each unit that changed during that minute; a
    /// point means "the figures as of this instant". A range answers `[{"at":…,"summary":…,"provisional":…}]`, oldest first: the
    /// figures as of `from` (the latest point at or before it, so its `at` may be earlier), then every point up to
    /// `to`; without `from` the 24 hours up to `to` (default now), without `to` from `from` up to now; at most 31
    /// days. With `at` instead, the answer is one point, `{"at":…,"summary":…}`: the latest at or before it.
    /// Points older than 48 hours are thinned to one per hour. Dates are ISO 8601 with an offset; encode `+` as `%2B`.
    /// </remarks>
    /// <param name="id" example="440304005021">The unit's id.</param>
    /// <param name="from" example="2020-02-03T08:00:00+08:00">Start of the range, ISO 8601 with an offset.</param>
    /// <param name="to" example="2020-02-03T12:00:00+08:00">End of the range, ISO 8601 with an offset; now when absent.</param>
    /// <param name="at" example="2020-02-03T08:00:00+08:00">One instant instead of a range: the answer is then a single point (not a list), the figures as of that instant.</param>
    /// <param name="asReceived" example="false">`true` for the curve as received (stamped on arrival), `false` (the default) for the history by screening time.</param>
    /// <response code="200">The points of the range, oldest first; with `at`, one point object.</response>
    /// <response code="400">A date without an offset or not ISO 8601, one before 2000 or from 2100 on, `from` after `to`, a range over 31 days, `at` with `from`/`to`, or `asReceived` other than `true` or `false`.</response>
    /// <response code="404">The id is not in the registry or not in the token's unit, or (with `at`) nothing was recorded at or before that instant.</response>
    internal static async Task<IResult> GetHistoryAsync(string id, string? from, string? to, string? at, string? asReceived, ClaimsPrincipal user, UnitRegistry registry, UnitGrains grains, TimeProvider time)
    {
        if (ParseFlag(asReceived) is not { } received)
        {
            return Problems.BadQuery(NotAFlag(asReceived!));
        }

        if (at is not null)
        {
            return from is not null || to is not null
                ? Problems.BadQuery("Ask for one instant (at) or for a range (from, to), not both.")
                : await AsOfAsync(id, at, received, user, registry, grains);
        }

        if (ParseRange(from, to, time.GetUtcNow(), out var start, out var end) is { } badRange)
        {
            return badRange;
        }

        if (!registry.TryGetVisible(id, user, out _))
        {
            return Problems.UnknownUnit(id);
        }

        var points = received
            ? await grains.History.RangeAsync(id, start, end, MaxPoints + 1)
            : await grains.History.RangeByScreeningAsync(id, start, end, MaxPoints + 1);
        return points.Count > MaxPoints
            ? Problems.BadQuery($"The range from {start:O} to {end:O} holds more than {MaxPoints:N0} points of unit '{id}'; ask for a shorter one.")
            : Results.Ok(points);
    }

    private static async Task<IResult> AsOfAsync(string id, string at, bool received, ClaimsPrincipal user, UnitRegistry registry, UnitGrains grains)
    {
        if (Parse(at) is not { } instant)
        {
            return Problems.BadQuery(NotADate("at", at));
        }

        if (!InRange(instant))
        {
            return Problems.BadQuery(OutOfRange("at", at));
        }

        if (!registry.TryGetVisible(id, user, out _))
        {
            return Problems.UnknownUnit(id);
        }

        var point = received ? await grains.History.AsOfAsync(id, instant) : await grains.History.AsOfByScreeningAsync(id, instant);
        return point is not null ? Results.Ok(point) : Problems.NoHistory(id, at.Trim().Replace(' ', '+'));
    }

    /// <summary>
    /// A range query's <c>from</c> and <c>to</c> (ISO 8601 with an offset): since <c>from</c> when only it is given,
    /// the <see cref="DefaultRange"/> up to <c>to</c> when only that is, else the last one up to now; at most
    /// <see cref="MaxRange"/>. Null when good, else the 400 to answer. The unit receipts' list reads the same way.
    /// </summary>
    internal static IResult? ParseRange(string? from, string? to, DateTimeOffset now, out DateTimeOffset start, out DateTimeOffset end)
    {
        (start, end) = (default, default);
        DateTimeOffset? first = null, last = null;
        if (from is not null && (first = Parse(from)) is null)
        {
            return Problems.BadQuery(NotADate("from", from));
        }

        if (to is not null && (last = Parse(to)) is null)
        {
            return Problems.BadQuery(NotADate("to", to));
        }

        if (first is { } f && !InRange(f))
        {
            return Problems.BadQuery(OutOfRange("from", from!));
        }

        if (last is { } l && !InRange(l))
        {
            return Problems.BadQuery(OutOfRange("to", to!));
        }

        last ??= first > now ? first : now;
        first ??= last.Value - DefaultRange;
        if (first > last)
        {
            return Problems.BadQuery($"from {first:O} is after to {last:O}.");
        }

        if (last.Value - first.Value > MaxRange)
        {
            return Problems.BadQuery($"The range from {first:O} to {last:O} spans {(last.Value - first.Value).TotalDays:0.#} days; ask for at most {MaxRange.TotalDays:0} days at a time.");
        }

        (start, end) = (first.Value, last.Value);
        return null;
    }

    internal static DateTimeOffset? Parse(string value) =>
        // A '+' left unencoded in a query string arrives as a space; ISO dates have none otherwise.
        DateTimeOffset.TryParseExact(value.Trim().Replace(' ', '+'), Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : null;

    // Absent is false (the history by screening time); only true or false otherwise.
    private static bool? ParseFlag(string? value) => value switch
    {
        null => false,
        _ when string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) => true,
        _ when string.Equals(value, "false", StringComparison.OrdinalIgnoreCase) => false,
        _ => null,
    };

    private static string NotAFlag(string value) => $"asReceived '{value}' is neither true nor false.";

    internal static bool InRange(DateTimeOffset value) => value >= Earliest && value < Latest;

    internal static string OutOfRange(string name, string value) =>
        $"{name} '{value}' is outside the dates a history holds: from {Earliest:yyyy-MM-dd} to before {Latest:yyyy-MM-dd}.";

    internal static string NotADate(string name, string value) =>
        $"{name} '{value}' is not an ISO 8601 date and time with an offset, such as 2020-02-03T08:00:00+08:00 or 2020-02-03T00:00:00Z (encode '+' as %2B).";
}
