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
