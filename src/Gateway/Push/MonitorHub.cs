using Canvass.Abstractions.CasePlaces;
using Canvass.Abstractions.Units;
using Canvass.Gateway.Auth;
using Canvass.Gateway.Hosting;
using Canvass.Gateway.Limits;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Canvass.Gateway.Push;

/// <summary>
/// Live unit summaries. <c>Subscribe(unitId, includeChildren)</c> answers with the current snapshot;
/// <c>SubscribeMany(request)</c> sets every unit the connection follows, with a filter and a pace (<c>maxRate</c>),
/// and answers with those that changed since the versions the client holds. From then on the server sends
/// <c>UnitsChanged(frame)</c>, at most <c>maxRate</c> a second (default Push:DefaultMaxRate), each frame
/// <c>{ units: [summary, …] }</c> with the newest summary of every followed unit (children too, when asked) that
/// changed since the previous frame. Only units within the token's unit can be followed; others
/// are refused exactly as unknown ids. The connection is closed when its token expires or is revoked. A client (a
/// token's subject) holds at most <c>Limits:MaxConnectionsPerSubject</c> connections at once: one more is closed at
/// once with a reason, and follows at most <see cref="UnitFeed.MaxUnits"/> units however it subscribes.
/// </summary>
[Authorize(Permissions.Subscribe)]
public sealed class MonitorHub(UnitFeed feed, CanvassMetrics metrics, IGrainFactory grains, LiveConnections live, OpenLimits limits) : Hub
{
    public const string Path = "/hubs/monitor";
    public const string UnitsChanged = "UnitsChanged";

    public Task<UnitSnapshot> Subscribe(string unitId, bool includeChildren) =>
        feed.SubscribeAsync(Context.ConnectionId, Context.User!, unitId, includeChildren);

    public Task<SubscribeManyResult> SubscribeMany(SubscribeManyRequest request) =>
        feed.SubscribeManyAsync(Context.ConnectionId, Context.User!, request ?? new SubscribeManyRequest());

    public Task Unsubscribe(string unitId) => feed.UnsubscribeAsync(Context.ConnectionId, unitId);

    /// <summary>
    /// From now on the server sends <c>CasePlacesPublished(list)</c> at each publication of the case-places list
    /// (a day's list, or a correction to one); answers with the newest list, null before the first.
    /// </summary>
    public async Task<CasePlacesList?> SubscribeCasePlaces()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, CasePlaces.CasePlacesFeed.Group);
        return await grains.GetGrain<ICasePlacesGrain>(0).GetLatestAsync();
    }

    public override Task OnConnectedAsync()
    {
        var user = Context.User ?? new System.Security.Claims.ClaimsPrincipal();
        if (!ClientKey.IsExempt(user))
        {
            // SignalR sends a HubException's message in the close frame and skips OnDisconnectedAsync after a throw
            // here, so nothing is held for a refused connection.
            var slot = limits.Connections.TryAcquire(ClientKey.Of(user, Context.GetHttpContext()))
                ?? throw new HubException(limits.Connections.Refusal);
            Context.Items[typeof(OpenLimits)] = slot;
        }

        Context.Items[typeof(LiveConnections)] = live.Add(Context.User!, Context.Abort);
        metrics.Connections.Add(1);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        (Context.Items[typeof(OpenLimits)] as IDisposable)?.Dispose();
        (Context.Items[typeof(LiveConnections)] as IDisposable)?.Dispose();
        metrics.Connections.Add(-1);
        feed.Disconnected(Context.ConnectionId);
        return Task.CompletedTask;
    }
}
