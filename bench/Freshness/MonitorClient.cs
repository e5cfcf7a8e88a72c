using System.Diagnostics;
using Canvass.Bench.Wire;
using Microsoft.AspNetCore.SignalR.Client;

namespace Canvass.Bench.Freshness;

/// <summary>
/// One dashboard that asks for every change (<c>maxRate</c> 0): its own SignalR connection, subscribed to one unit
/// without children, timestamping every frame (UnitsChanged) the moment it is handed over, before any other work.
/// </summary>
public sealed class MonitorClient(Uri server, string? token, int level, string levelName, string unitId, MarkerLog log) : IAsyncDisposable
{
    private readonly HubConnection _connection = new HubConnectionBuilder()
        .WithUrl(new Uri(server, "/hubs/monitor"), o => o.AccessTokenProvider = () => Task.FromResult(token))
        .Build();

    private long _updates;
    private long _regressions;
    private long _lastVersion = -1;

    public string LevelName => levelName;
    public string UnitId => unitId;
    public long Updates => Interlocked.Read(ref _updates);
    public long VersionRegressions => Interlocked.Read(ref _regressions);
    public string? ClosedBecause { get; private set; }

    /// <summary>The unit as the subscription answered it.</summary>
    public UnitSummary? Initial { get; private set; }

    public async Task StartAsync(CancellationToken cancel)
    {
        _connection.On<UnitsFrame>("UnitsChanged", frame =>
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var summary in frame.Units)
            {
                OnChanged(summary, now);
            }
        });
        _connection.Closed += e =>
        {
            ClosedBecause = e?.Message ?? "closed";
            return Task.CompletedTask;
        };
        await _connection.StartAsync(cancel);
        var answer = await _connection.InvokeAsync<SubscribeManyResult>("SubscribeMany", new SubscribeManyRequest { Units = [new UnitRequest(unitId)], MaxRate = 0 }, cancel);
        // The answer does not seed the version check: the client dispatches pushes from a queue of their own, so
        // one that arrived before the reply may run after it, older than the answer but not out of order.
        Initial = answer.Units.FirstOrDefault(u => u.Id == unitId);
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private void OnChanged(UnitSummary summary, long now)
    {
        if (summary.Id != unitId)
        {
            return;
        }

        Interlocked.Increment(ref _updates);
        // The server promises versions only grow; a step back is worth counting, not hiding.
        if (summary.Version < Interlocked.Exchange(ref _lastVersion, summary.Version))
        {
            Interlocked.Increment(ref _regressions);
        }

        log.Pushed(level, summary.LastReportAt, now);
    }
}
