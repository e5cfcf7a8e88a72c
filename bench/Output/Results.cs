using Canvass.Bench.Cli;
using Canvass.Bench.Load;
using Canvass.Bench.Metrics;

namespace Canvass.Bench.Output;

/// <summary>Where and on what a run happened; the client's core count matters because the server shares them.</summary>
public sealed record RunInfo(
    string Scenario,
    string RunId,
    DateTimeOffset StartedAt,
    string Url,
    string SitesFile,
    int Sites,
    long Households,
    int ClientCores,
    string Os,
    int Seed);

/// <summary>What a load of report batches achieved over the measured window.</summary>
public sealed record LoadFigures(
    double MeasuredSeconds,
    long BatchesSent,
    long ReportsSent,
    long Accepted,
    long Duplicates,
    long Rejected,
    long FailedBatches,
    long WindowAccepted,
    long WindowFailedBatches,
    double AckedPerSecond,
    LatencySummary AckLatencyMs,
    LatencySummary? AckFromScheduleMs,
    double? MaxSendLagMs,
    string? FirstError,
    string? FirstRejection)
{
    public static LoadFigures From(LoadStats stats, double seconds, bool paced) => new(
        Math.Round(seconds, 3),
        stats.BatchesSent,
        stats.ReportsSent,
        stats.Accepted,
        stats.Duplicates,
        stats.Rejected,
        stats.FailedBatches,
        stats.WindowAccepted,
        stats.WindowFailedBatches,
        seconds > 0 ? Math.Round(stats.WindowAccepted / seconds, 1) : 0,
        stats.Ack.Summarize(),
        paced ? stats.AckFromSchedule.Summarize() : null,
        paced ? Math.Round(stats.MaxLagMs, 1) : null,
        stats.FirstError,
        stats.FirstRejection);
}

public sealed record IngestResult(RunInfo Run, BenchOptions Options, LoadFigures Load, IReadOnlyList<ProcessUsage> Processes, ServerCost? ServerCost);

/// <summary>How fast one level's subscriber saw the markers.</summary>
public sealed record LevelFreshness(
    string Level,
    string UnitId,
    int Arrived,
    int Missing,
    int BeforeAck,
    LatencySummary FromAckMs,
    LatencySummary FromSendMs,
    long Updates,
    long VersionRegressions);

public sealed record FreshnessResult(
    RunInfo Run,
    BenchOptions Options,
    string MarkerSite,
    int MarkersSent,
    int MarkersAccepted,
    int MarkersLate,
    LatencySummary MarkerAckMs,
    IReadOnlyList<LevelFreshness> Levels,
    LoadFigures Background,
    IReadOnlyList<ProcessUsage> Processes);

/// <summary>How many subscribers a fanout run asked for, got and lost, and how long opening and closing them took.</summary>
public sealed record FanoutConnections(
    int Requested,
    int Opened,
    int Failed,
    int Dropped,
    double OpenSeconds,
    double CloseSeconds,
    LatencySummary OpenMs,
    string? FirstFailure,
    string? FirstDrop,
    string? Exhausted,
    int? ServerOpenFiles,
    long? ServerOpenFilesLimit);

/// <summary>
/// What the subscribers received in the window: every push, and for each push that brought a newer lastReportAt the
/// delay from that report leaving the bench to the subscriber receiving it.
/// </summary>
public sealed record FanoutDelivery(
    long Pushes,
    double PushesPerSecond,
    long Timed,
    long Untimed,
    long VersionRegressions,
    LatencySummary SendToPushMs,
    FanoutPerConnection PerConnection);

/// <summary>The spread over connections: pushes each received in the window and the p99 of each one's delays.</summary>
public sealed record FanoutPerConnection(
    long MinPushes,
    long MedianPushes,
    long MaxPushes,
    int WithoutTimedPush,
    double MedianP99Ms,
    double WorstP99Ms,
    int P99OverOneSecond);

/// <summary>
/// The server's own flush-to-send time over the window (<c>canvass.push.latency</c> from /metrics): from a unit's
/// flush in its grain until the gateway has handed the change to every connection of the unit's group. Quantiles
/// are the upper bounds of the exporter's buckets; null when beyond the largest.
/// </summary>
public sealed record ServerPushLatency(long Changes, double MeanMs, double? P50AtMostMs, double? P99AtMostMs);

/// <summary>The server's memory before the subscribers opened and with all of them open, under the same load.</summary>
public sealed record FanoutMemory(
    MemorySample Before,
    MemorySample After,
    int ConnectionsAtSample,
    double? RssKibPerConnection,
    double? GcHeapKibPerConnection);

public sealed record FanoutResult(
    RunInfo Run,
    BenchOptions Options,
    IReadOnlyList<string> Districts,
    FanoutConnections Connections,
    FanoutDelivery Delivery,
    ServerPushLatency? ServerPush,
    FanoutMemory Memory,
    LoadFigures Background,
    IReadOnlyList<ProcessUsage> Processes);
