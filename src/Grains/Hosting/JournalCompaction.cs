using Canvass.Grains.Rollup;
using Canvass.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Canvass.Grains.Hosting;

/// <summary>
/// With <c>Journal:Retention</c> set, deletes every <c>Journal:CompactionInterval</c> the journal records older than
/// the retention that a snapshot already covers, so that the disk stops growing with the campaign's history; their
/// effect stays in the snapshots. Off by default: the journal is the audit record. Each silo runs it; the deletes
/// are idempotent.
/// </summary>
public sealed partial class JournalCompaction(
    ISiteJournal journal,
    ScreeningClock clock,
    IOptions<JournalOptions> options,
    ILogger<JournalCompaction> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Retention is not { } retention)
        {
            return;
        }

        try
        {
            while (true)
            {
                await CompactAsync(clock.UtcNow.UtcTicks - retention.Ticks, stoppingToken);
                await Task.Delay(options.Value.CompactionInterval, clock.Time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task CompactAsync(long before, CancellationToken cancellationToken)
    {
        try
        {
            var removed = await journal.CompactAsync(before, cancellationToken);
            LogCompacted(removed, new DateTimeOffset(before, TimeSpan.Zero));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogCompactionFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Journal compaction removed {Removed} records acknowledged before {Before} that snapshots cover")]
    private partial void LogCompacted(long removed, DateTimeOffset before);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal compaction failed; the next one retries")]
    private partial void LogCompactionFailed(Exception exception);
}
