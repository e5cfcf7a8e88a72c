using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Canvass.Abstractions.Units;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Canvass.Gateway.Push;

/// <summary>
/// A server-sent event stream of frames (<c>text/event-stream</c>), a subscriber of the feed like a hub connection:
/// first one frame of every unit whose version is above <paramref name="since"/> (none when there is none), then a
/// frame at most once per <paramref name="pace"/> with every unit that changed (through the filter), each event
/// <c>id: &lt;versions so far&gt;</c>, <c>event: units</c>, <c>data: {"units":[summary, …]}</c>;
/// and a comment line every <see cref="PushOptions.StreamHeartbeatInterval"/>. Runs until the client goes, or until
/// <paramref name="expires"/> (the token's expiry), when it ends with <c>event: expired</c>, or until its token is
/// revoked, when it ends with <c>event: revoked</c>. Each daily report published adds an event
/// <c>event: dailyReport</c>, <c>data: {"date":…,"unitId":…,"url":…}</c> per unit followed (no id: it is not a frame).
/// </summary>
internal sealed class UnitEventStream(IReadOnlyList<Following> units, UnitFilter filter, Pace pace, IReadOnlyDictionary<string, long>? since, DateTimeOffset? expires) : IResult
{
    private static readonly byte[] Heartbeat = ": heartbeat\n\n"u8.ToArray();
    private static readonly byte[] Expired = "event: expired\ndata: {\"detail\":\"The token expired: reconnect with a new one and Last-Event-ID.\"}\n\n"u8.ToArray();
    private static readonly byte[] Revoked = "event: revoked\ndata: {\"detail\":\"The token was revoked: ask the operator for a new one.\"}\n\n"u8.ToArray();
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
    private HttpResponse _response = null!;
    private JsonTypeInfo<UnitsFrame> _json = null!;
    private CancellationToken _aborted;

    public async Task ExecuteAsync(HttpContext context)
    {
        var feed = context.RequestServices.GetRequiredService<UnitFeed>();
        var options = context.RequestServices.GetRequiredService<IOptions<PushOptions>>().Value;
        var time = context.RequestServices.GetRequiredService<TimeProvider>();
        // The REST API's JSON options, so that an event's data reads exactly as GET /api/units/{id} does.
        _json = (JsonTypeInfo<UnitsFrame>)context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions.GetTypeInfo(typeof(UnitsFrame));
        _response = context.Response;
        using var expiry = new CancellationTokenSource(expires is { } at ? Max(at - time.GetUtcNow(), TimeSpan.Zero) : Timeout.InfiniteTimeSpan, time);
        using var revoked = new CancellationTokenSource();
        using var live = context.RequestServices.GetRequiredService<LiveConnections>().Add(context.User, revoked.Cancel);
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, expiry.Token, revoked.Token);
        _aborted = lifetime.Token;

        await using var stream = await feed.OpenStreamAsync(units, filter, pace, WriteAsync);
        var followed = stream.Current.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, version) in since ?? new Dictionary<string, long>())
        {
            // Only the units this stream follows: an id never grows beyond them.
            if (followed.Contains(id))
            {
                _versions[id] = version;
            }
        }

        _response.ContentType = "text/event-stream";
        _response.Headers.CacheControl = "no-cache";
        _response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            await _response.StartAsync(_aborted);
            await _response.Body.FlushAsync(_aborted);
            // Once the response has started, so that an event never goes before the stream's headers.
            using var daily = context.RequestServices.GetRequiredService<DailyReports.DailyReportsFeed>()
                .Listen([.. units.Select(u => u.Unit.Id)], WriteDailyReportAsync);
            if (UnitFeed.CatchUp(stream.Current, since) is { Count: > 0 } catchUp)
            {
                await WriteAsync(new UnitsFrame(catchUp));
            }

            stream.Release();
            using var timer = new PeriodicTimer(options.StreamHeartbeatInterval, time);
            while (await timer.WaitForNextTickAsync(_aborted))
            {
                await WriteLockedAsync(Heartbeat);
            }
        }
        catch (OperationCanceledException) when (_aborted.IsCancellationRequested)
        {
        }
        catch (IOException) when (_aborted.IsCancellationRequested)
        {
        }

        if ((expiry.IsCancellationRequested || revoked.IsCancellationRequested) && !context.RequestAborted.IsCancellationRequested)
        {
            await _writing.WaitAsync(context.RequestAborted);
            await _response.Body.WriteAsync(revoked.IsCancellationRequested ? Revoked : Expired, context.RequestAborted);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Writes one frame as an event; the sink calls this one frame at a time.</summary>
    private async Task WriteAsync(UnitsFrame frame)
    {
        string id;
        lock (_versions)
        {
            foreach (var summary in frame.Units)
            {
                _versions[summary.Id] = summary.Version;
            }

            id = StreamEventId.Encode(_versions);
        }

        var data = JsonSerializer.Serialize(frame, _json);
        await WriteLockedAsync(Encoding.UTF8.GetBytes($"id: {id}\nevent: units\ndata: {data}\n\n"));
    }

    private Task WriteDailyReportAsync(DailyReportPublished published) =>
        WriteLockedAsync(Encoding.UTF8.GetBytes($"event: dailyReport\ndata: {JsonSerializer.Serialize(published, WireJsonOptions.Default)}\n\n"));

    private async Task WriteLockedAsync(byte[] bytes)
    {
        var entered = false;
        try
        {
            await _writing.WaitAsync(_aborted);
            entered = true;
            await _response.Body.WriteAsync(bytes, _aborted);
            await _response.Body.FlushAsync(_aborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && _aborted.IsCancellationRequested)
        {
            // The client went; the stream's subscription ends with the request.
        }
        finally
        {
            if (entered)
            {
                _writing.Release();
            }
        }
    }
}
