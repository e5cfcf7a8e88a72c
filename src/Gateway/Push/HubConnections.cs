using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Canvass.Gateway.Push;

/// <summary>
/// SignalR's own connection bookkeeping, plus a lookup of each hub connection's context: a frame that many
/// connections get is serialized once (<see cref="SharedFrames"/>) and written to each context, which
/// <c>IHubContext</c> cannot do per connection (it serializes every send anew).
/// </summary>
public sealed class HubConnections(ILogger<DefaultHubLifetimeManager<MonitorHub>> logger) : DefaultHubLifetimeManager<MonitorHub>(logger)
{
    private readonly ConcurrentDictionary<string, HubConnectionContext> _connections = new(StringComparer.Ordinal);

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        _connections[connection.ConnectionId] = connection;
        return base.OnConnectedAsync(connection);
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _connections.TryRemove(connection.ConnectionId, out _);
        return base.OnDisconnectedAsync(connection);
    }

    /// <summary>Writes an already serialized message to one connection; nothing if it has closed.</summary>
    public Task WriteAsync(string connectionId, SerializedHubMessage message) =>
        _connections.TryGetValue(connectionId, out var connection) ? connection.WriteAsync(message).AsTask() : Task.CompletedTask;
}
