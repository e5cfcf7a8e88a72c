using System.Collections.Concurrent;
using Canvass.Abstractions.DailyReports;
using Canvass.Gateway.Push;
using Microsoft.Extensions.Options;

namespace Canvass.Gateway.DailyReports;

/// <summary>
/// Tells this gateway's open event streams of each daily report published: one observer per gateway process, on a
/// lease it renews like the unit watches; each stream gets one <c>dailyReport</c> event per unit it follows.
/// </summary>
public sealed partial class DailyReportsFeed(IGrainFactory grains, IOptions<PushOptions> options, ILogger<DailyReportsFeed> logger)
    : BackgroundService, IDailyReportsObserver
{
    private readonly ConcurrentDictionary<Listener, byte> _listeners = new();

    /// <summary>The event of a unit's report, as a stream and a webhook carry it.</summary>
    public static DailyReportPublished Event(DailyReportDate day, string unitId) => DailyReportPublished.Of(day.Date, unitId);

    /// <summary>Calls <paramref name="write"/> with each publication's event of each of the units, until disposed.</summary>
    public IDisposable Listen(IReadOnlyList<string> unitIds, Func<DailyReportPublished, Task> write)
    {
        var listener = new Listener(this, unitIds, write);
        _listeners[listener] = 0;
        return listener;
    }

    // Streams in parallel, so that one slow reader holds up no other; each stream's own events in order.
    public Task OnPublishedAsync(DailyReportDate day) =>
        Task.WhenAll(_listeners.Keys.Select(async listener =>
        {
            foreach (var unitId in listener.UnitIds)
            {
                await listener.Write(Event(day, unitId));
            }
        }));

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reference = grains.CreateObjectReference<IDailyReportsObserver>(this);
        var grain = grains.GetGrain<IDailyReportsGrain>(0);
        return ObserverLease.KeepAsync(() => grain.WatchAsync(reference), options.Value.RenewInterval, LogWatchFailed, stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not watch the daily reports; retrying in a second")]
    private partial void LogWatchFailed(Exception exception);

    private sealed class Listener(DailyReportsFeed feed, IReadOnlyList<string> unitIds, Func<DailyReportPublished, Task> write) : IDisposable
    {
        public IReadOnlyList<string> UnitIds => unitIds;

        public Func<DailyReportPublished, Task> Write => write;

        public void Dispose() => feed._listeners.TryRemove(this, out _);
    }
}
