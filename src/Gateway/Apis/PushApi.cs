using System.Globalization;
using Canvass.Gateway.Auth;
using Canvass.Gateway.Docs;
using Canvass.Gateway.Limits;
using Canvass.Gateway.Push;

namespace Canvass.Gateway.Apis;

/// <summary>
/// Every way of following units live, mapped in one group so that one policy covers them: the monitor hub
/// (<c>Subscribe</c>, <c>SubscribeMany</c>, <c>Unsubscribe</c>) and the server-sent event stream.
/// </summary>
public static class PushApi
{
    public const string StreamPath = "/api/stream";

    public static RouteGroupBuilder MapPushApi(this IEndpointRouteBuilder app)
    {
        var push = app.MapGroup("").RequirePermission(Permissions.Subscribe);
        // A connection whose token expires is closed; the client reconnects with a new one and resumes.
        push.MapHub<MonitorHub>(MonitorHub.Path, o => o.CloseOnAuthenticationExpiration = true);
        push.MapGet(StreamPath, Stream).WithName("GetStream").WithTags("Push")
            .ProducesExample(new UnitsFrame([ApiExamples.Community]), contentType: "text/event-stream")
            .ProducesProblemExample(Problems.BadQuery("Name the units to follow: units=440304,440305 (comma-separated ids)."))
            .ProducesProblemExample(Problems.UnknownUnits([ApiExamples.UnknownUnitId]))
            .ProducesProblemExample(TooManyStreams(new OpenLimits(new LimitOptions()).Streams.Refusal));
        return push;
    }

    /// <summary>Server-sent events: frames of the units (and their children) that changed, resumable with Last-Event-ID.</summary>
    /// <remarks>
    /// A `text/event-stream` for partners without a SignalR client. Every event is a frame: `event: units`, `data:`
    /// `{"units":[summary, …]}`, each summary as `GET /api/units/{id}` answers it, and an `id:` that encodes the latest
    /// version sent of every unit so far. The first frame holds the current summary of every unit followed whose
    /// version is above the one the client resumes from (all of them on a first connection; no frame when none is);
    /// after it, at most `maxRate` frames a second, each with the newest summary of every unit that changed since the
    /// previous one (a slow reader gets fuller frames, never a queue). A client that reconnects sends that id back as
    /// `Last-Event-ID` (browsers' EventSource does so itself) and receives, before anything live, every unit that
    /// changed since. A comment line every `Push:StreamHeartbeatInterval` (15 s) keeps proxies from closing it. At
    /// most 200 units per stream, children included. Only units within the token's unit can be followed (others
    /// answer as unknown ids); browsers' EventSource cannot set headers, so the token may come as `access_token` in the
    /// query. The stream ends with `event: expired` when the token expires. When a day's daily report is published,
    /// the stream gets `event: dailyReport` with `data: {"date":"2020-02-03","unitId":…,"url":"/api/daily-reports/2020-02-03?unit=…"}`
    /// for each unit it follows (children not included; no `id:`, as it is no frame).
    /// </remarks>
    /// <param name="units" example="440304,440305">The ids to follow, comma-separated.</param>
    /// <param name="children" example="true">`true` follows each unit's children too; `false` or absent, the units alone.</param>
    /// <param name="filter" example="alerts">`all` (default), `statusCounts` (only when household or resident counts change), `alerts` (only when alert counts change) or `coverage` (only when coverage crosses one of `thresholds`).</param>
    /// <param name="thresholds" example="0.5,0.9">With `filter=coverage`: the coverages from 0 to 1 whose crossing, either way, is sent.</param>
    /// <param name="maxRate" example="4">At most this many frames a second (up to 100); `0` for a frame at every change; absent, the deployment's default (`Push:DefaultMaxRate`, 4).</param>
    /// <param name="lastEventId" example="eyI0NDAzMDQiOjEyMzR9">The id of the last event received, for clients that cannot set the `Last-Event-ID` header (the header wins when both are sent).</param>
    /// <response code="200">The stream: catch-up first, then live changes.</response>
    /// <response code="400">A parameter is not valid (the detail says which), or more than 200 units.</response>
    /// <response code="404">Some ids are not in the registry; the detail names them.</response>
    /// <response code="429">This client already holds `Limits:MaxStreamsPerSubject` (20) streams open: close one first.</response>
    internal static IResult Stream(HttpContext context, string? units, string? children, string? filter, string? thresholds,
        string? maxRate, string? lastEventId, UnitFeed feed, OpenLimits limits)
    {
        if (string.IsNullOrWhiteSpace(units))
        {
            return Problems.BadQuery("Name the units to follow: units=440304,440305 (comma-separated ids).");
        }

        var withChildren = false;
        if (children is not null && !bool.TryParse(children, out withChildren))
        {
            return Problems.BadQuery($"children '{children}' must be true or false.");
        }

        var levels = new List<double>();
        foreach (var part in (thresholds ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var level))
            {
                return Problems.BadQuery($"threshold '{part}' is not a number; give coverages from 0 to 1, such as thresholds=0.5,0.9.");
            }

            levels.Add(level);
        }

        if (UnitFilter.TryParse(filter, levels, out var filterError) is not { } unitFilter)
        {
            return Problems.BadQuery(filterError);
        }

        double? rate = null;
        if (maxRate is not null)
        {
            if (!double.TryParse(maxRate, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
            {
                return Problems.BadQuery($"maxRate '{maxRate}' is not a number; give frames a second, such as maxRate=4 (0 for every change).");
            }

            rate = parsed;
        }

        if (Pace.TryParse(rate, feed.DefaultPace, out var paceError) is not { } pace)
        {
            return Problems.BadQuery(paceError);
        }

        var requested = units.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(id => new UnitRequest(id, withChildren));
        var check = feed.Check(requested, context.User);
        if (check.Unknown.Count > 0)
        {
            return Problems.UnknownUnits(check.Unknown);
        }

        if (check.Error is not null)
        {
            return Problems.BadQuery(check.Error);
        }

        // The header is what a browser's EventSource sends when it reconnects, with the query of the first request
        // still on the URL: the header is the newer of the two.
        var resume = context.Request.Headers["Last-Event-ID"].FirstOrDefault() is { Length: > 0 } header ? header : lastEventId;
        IReadOnlyDictionary<string, long>? since = null;
        if (!string.IsNullOrEmpty(resume) && (since = StreamEventId.Decode(resume)) is null)
        {
            return Problems.BadQuery("Last-Event-ID is not an event id of this stream: send back the id of the last event received, as it came.");
        }

        IDisposable? slot = null;
        if (!ClientKey.IsExempt(context.User)
            && (slot = limits.Streams.TryAcquire(ClientKey.Of(context.User, context))) is null)
        {
            return TooManyStreams(limits.Streams.Refusal);
        }

        if (slot is not null)
        {
            // Disposed when the request ends, which for a stream is when it closes.
            context.Response.RegisterForDispose(slot);
        }

        return new UnitEventStream(check.Units, unitFilter, pace, since, context.User.ExpiresAt());
    }

    private static IResult TooManyStreams(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many open streams", detail: detail);
}
