using System.Collections.Concurrent;
using System.Text.Json;
using Canvass.Abstractions.Units;
using Canvass.Abstractions.Wire;
using Canvass.Grains.Rollup;
using Canvass.Storage.History;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Canvass.Grains.History;

/// <summary>
/// Keeps every unit's summary over time in the history store, one point per unit per minute in which it changed.
/// One per silo: the grains of this silo hand it their summary at every flush (<see cref="Record"/>, no I/O), and
/// at each minute boundary of the screening clock it writes the latest summary of every unit that changed since
/// the last one, stamped with the boundary, in one transaction. Every <see cref="HistoryOptions.CompactionInterval"/>
/// it thins old points.
/// </summary>
/// <remarks>
/// Points are derived, not facts of their own: a write that fails is retried at the next boundary (with whatever
/// is newest then), and the summaries recorded since the last write are lost if the silo dies. That loses at most
/// a minute of detail, never the figures: every site recovers from the journal and flushes at activation, and every
/// aggregate flushes once it has pulled its children, so the restarted silo records each unit's summary again at
/// the first boundary (which is also how a unit that never changes again gets its point after a restart).
/// </remarks>
public sealed partial class HistoryRecorder(
    IUnitHistoryStore store,
    ScreeningClock clock,
    IOptions<HistoryOptions> options,
    ILogger<HistoryRecorder> logger) : BackgroundService
{
    // The newest summary of each unit that changed since the last write. A flush overwrites its unit's entry in
    // place (a reference is written atomically), so only a unit's first change after a write allocates.
    private readonly ConcurrentDictionary<string, UnitSummary> _changed = new(StringComparer.Ordinal);
    // The sites' screening rows changed since the last write, newest values per site and bucket (see ScreeningTimeline).
    private readonly ConcurrentDictionary<(string Site, long Bucket), ScreeningWrite> _screening = new();
    private DateTimeOffset _first;

    /// <summary>Takes a unit's latest summary, to be written at the next boundary; called on every flush.</summary>
    public void Record(UnitSummary summary) => _changed[summary.Id] = summary;

    /// <summary>
    /// Takes a site's changed screening rows (values as the site holds them), to be written at the next boundary with
    /// their differences added to the rows of <paramref name="ancestors"/> in the same transaction.
    /// </summary>
    public void RecordScreening(string siteId, string[] ancestors, List<(long Bucket, long[] Values)> rows)
    {
        foreach (var (bucket, values) in rows)
        {
            _screening[(siteId, bucket)] = new ScreeningWrite(new ScreeningRow(siteId, new DateTimeOffset(bucket, TimeSpan.Zero), values), ancestors);
        }
    }

    /// <summary>Units waiting for the next write.</summary>
    public int Pending => _changed.Count;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Here rather than in ExecuteAsync, which runs on the thread pool some time after the start.
        _first = Floor(clock.UtcNow, options.Value.Interval) + options.Value.Interval;
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Interval;
        var next = _first;
        // The first boundary compacts too, so that a silo restarted more often than hourly still thins.
        var compactAt = next;
        try
        {
            while (true)
            {
                var wait = next - clock.UtcNow;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock.Time, stoppingToken);
                }

                await WriteAsync(next, stoppingToken);
                if (next >= compactAt)
                {
                    await CompactAsync(next, stoppingToken);
                    compactAt = next + options.Value.CompactionInterval;
                }

                // After a long pause (a suspended process, a clock moved in a test) the next write is at the boundary
                // just passed, not at every boundary missed meanwhile.
                var passed = Floor(clock.UtcNow, interval);
                next = next + interval > passed ? next + interval : passed;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // What changed since the last boundary, stamped with the moment it was still true.
        await WriteAsync(clock.UtcNow, cancellationToken);
    }

    /// <summary>Writes every changed unit's latest summary as of <paramref name="at"/>; on failure keeps them for the next call.</summary>
    private async Task WriteAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        await WriteScreeningAsync(cancellationToken);
        if (_changed.IsEmpty)
        {
            return;
        }

        var taken = _changed.ToArray();
        var points = new HistoryPoint[taken.Length];
        for (var i = 0; i < taken.Length; i++)
        {
            points[i] = new HistoryPoint(taken[i].Key, at, JsonSerializer.Serialize(taken[i].Value, WireJsonOptions.Default));
        }

        try
        {
            await store.AppendAsync(points, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogWriteFailed(e, points.Length, at);
            return;
        }

        foreach (var entry in taken)
        {
            // Only if no newer summary came meanwhile: that one waits for the next boundary.
            _changed.TryRemove(entry);
        }
    }

    /// <summary>Writes the sites' changed screening rows; on failure keeps them for the next call (a rewrite is harmless).</summary>
    private async Task WriteScreeningAsync(CancellationToken cancellationToken)
    {
        if (_screening.IsEmpty)
        {
            return;
        }

        var taken = _screening.ToArray();
        try
        {
            await store.WriteScreeningAsync(Array.ConvertAll(taken, e => e.Value), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogScreeningWriteFailed(e, taken.Length);
            return;
        }

        foreach (var entry in taken)
        {
            _screening.TryRemove(entry);
        }
    }

    private async Task CompactAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var removed = await store.CompactAsync(now, cancellationToken);
            LogCompacted(removed);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogCompactionFailed(e);
        }
    }

    /// <summary>The last multiple of <paramref name="interval"/> (UTC) at or before <paramref name="time"/>.</summary>
    private static DateTimeOffset Floor(DateTimeOffset time, TimeSpan interval) =>
        new(time.UtcTicks / interval.Ticks * interval.Ticks, TimeSpan.Zero);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write {Points} history points as of {At}; they are retried at the next boundary")]
    private partial void LogWriteFailed(Exception exception, int points, DateTimeOffset at);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write {Rows} screening-time history rows; they are retried at the next boundary")]
    private partial void LogScreeningWriteFailed(Exception exception, int rows);

    [LoggerMessage(Level = LogLevel.Debug, Message = "History compaction removed {Removed} points")]
    private partial void LogCompacted(int removed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "History compaction failed; the next one retries")]
    private partial void LogCompactionFailed(Exception exception);
}
