using System.Text.Json.Serialization.Metadata;
using Canvass.Bench.Wire;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Canvass.Bench.Fanout;

/// <summary>
/// One dashboard of many: its own SignalR connection, WebSockets only and without the negotiate round trip, subscribed
/// to a district with its children. A push is timed when it moves its unit's <c>lastReportAt</c> beyond what this
/// connection had seen (each unit of a frame on its own): the background load stamps each report with its send time, so that push is the first this
/// connection saw of the report stamped <c>lastReportAt</c>, and now − <c>lastReportAt</c> is that report's delay
/// from leaving the bench to reaching this dashboard.
/// </summary>
public sealed class Subscriber : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly string _districtId;
    private readonly DeliveryLog _log;
    private readonly Lock _lock = new();

    // Per unit (the district and its children): the newest lastReportAt (UTC ticks) seen in the snapshot or a push,
    // and the newest version pushed. The snapshot does not count for versions: the client dispatches pushes from a
    // queue of their own, so one that arrived before the snapshot's reply may run after it, older but not out of order.
    private readonly Dictionary<string, (long LastReportTicks, long PushedVersion)> _seen = new(StringComparer.Ordinal);

    // Delays of timed pushes inside the measured window, in ms; floats keep millions of them affordable.
    private readonly List<float> _delays = [];
    private long _received;
    private long _receivedInWindow;
    private long _unitsInWindow;
    private long _untimed;
    private long _regressions;
    private volatile bool _closing;

    public Subscriber(Uri server, string? token, string districtId, DeliveryLog log, bool messagePack = false)
    {
        _districtId = districtId;
        _log = log;
        var builder = new HubConnectionBuilder();
        if (messagePack)
        {
            // The server's contractless MessagePack: members by their .NET names, which the trimmed records keep.
            builder.AddMessagePackProtocol();
        }
        else
        {
            // Generated metadata for the pushes, reflection for the rest (the hub arguments).
            builder.AddJsonProtocol(o => o.PayloadSerializerOptions.TypeInfoResolver = JsonTypeInfoResolver.Combine(WireJson.Default, new DefaultJsonTypeInfoResolver()));
        }

        _connection = builder
            .WithUrl(new Uri(server, "/hubs/monitor"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                // Without negotiation the client sends it as the WebSocket request's Authorization header.
                o.AccessTokenProvider = () => Task.FromResult(token);
            })
            .Build();
        _connection.On<UnitPushFrame>("UnitsChanged", OnFrame);
        _connection.Closed += OnClosedAsync;
    }

    public string DistrictId => _districtId;

    /// <summary>Every frame (UnitsChanged) this connection received, in the window or not.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Frames received in the window.</summary>
    public long ReceivedInWindow => Locked(() => _receivedInWindow);

    /// <summary>Units in frames received in the window.</summary>
    public long UnitsInWindow => Locked(() => _unitsInWindow);

    /// <summary>Units in the window that did not move lastReportAt (a change from an older report), so not timed.</summary>
    public long Untimed => Locked(() => _untimed);

    public long VersionRegressions => Locked(() => _regressions);

    /// <summary>Why the server or the network closed the connection before the bench did; null while it is up.</summary>
    public string? DroppedBecause { get; private set; }

    /// <summary>Connects and subscribes; the snapshot seeds what counts as new.</summary>
    public async Task StartAsync(CancellationToken cancel)
    {
        await _connection.StartAsync(cancel);
        var snapshot = await _connection.InvokeAsync<UnitSnapshot>("Subscribe", _districtId, true, cancel);
        lock (_lock)
        {
            Seed(snapshot.Unit);
            foreach (var child in snapshot.Children ?? [])
            {
                Seed(child);
            }
        }
    }

    /// <summary>The window's delays, sorted; read after the connection is closed, when no push can add to them.</summary>
    public float[] SortedDelays()
    {
        float[] delays;
        lock (_lock)
        {
            delays = [.. _delays];
        }

        Array.Sort(delays);
        return delays;
    }

    public ValueTask DisposeAsync()
    {
        _closing = true;
        return _connection.DisposeAsync();
    }

    private long Locked(Func<long> read)
    {
        lock (_lock)
        {
            return read();
        }
    }

    private void Seed(UnitSummary unit)
    {
        var ticks = unit.LastReportAt?.UtcTicks ?? 0;
        var seen = _seen.GetValueOrDefault(unit.Id, (0, -1));
        _seen[unit.Id] = (Math.Max(seen.LastReportTicks, ticks), seen.PushedVersion);
    }

    private void OnFrame(UnitPushFrame frame)
    {
        // Taken first, before any work of the bench's own can add to it.
        var now = DateTime.UtcNow.Ticks;
        Interlocked.Increment(ref _received);
        var inWindow = _log.InWindow(now);
        lock (_lock)
        {
            if (inWindow)
            {
                _receivedInWindow++;
                _unitsInWindow += frame.Units.Count;
            }

            foreach (var summary in frame.Units)
            {
                OnChanged(summary, now, inWindow);
            }
        }
    }

    /// <summary>One unit of a frame; holds the lock.</summary>
    private void OnChanged(UnitPush summary, long now, bool inWindow)
    {
        var ticks = summary.LastReportAt?.UtcTicks ?? 0;
        var had = _seen.TryGetValue(summary.Id, out var seen);
        if (had && summary.Version < seen.PushedVersion)
        {
            // The server promises versions only grow; a step back is counted, not hidden.
            _regressions++;
        }

        var pushed = had ? Math.Max(seen.PushedVersion, summary.Version) : summary.Version;
        if (had && ticks <= seen.LastReportTicks)
        {
            _untimed += inWindow ? 1 : 0;
            _seen[summary.Id] = (seen.LastReportTicks, pushed);
            return;
        }

        _seen[summary.Id] = (ticks, pushed);
        if (inWindow && had)
        {
            var delay = (float)TimeSpan.FromTicks(now - ticks).TotalMilliseconds;
            _delays.Add(delay);
            _log.Record(delay);
        }
        else if (inWindow)
        {
            // A unit the snapshot did not list: nothing to compare with yet.
            _untimed++;
        }
    }

    private Task OnClosedAsync(Exception? error)
    {
        if (!_closing)
        {
            DroppedBecause = error?.Message ?? "closed by the server";
            _log.Drop(DroppedBecause);
        }

        return Task.CompletedTask;
    }
}
