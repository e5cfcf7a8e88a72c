using System.Globalization;
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
        var push = app.MapGroup("");
        push.MapHub<MonitorHub>(MonitorHub.Path);
        push.MapGet(StreamPath, Stream).WithName("GetStream")
            .WithSummary("Server-sent events: every change of the units (and their children), resumable with Last-Event-ID.");
        return push;
    }

    private static IResult Stream(HttpContext context, string? units, string? children, string? filter, string? thresholds,
        string? lastEventId, UnitFeed feed)
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

        var requested = units.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(id => new UnitRequest(id, withChildren));
        var check = feed.Check(requested);
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

        return new UnitEventStream(check.Units, unitFilter, since);
    }
}
