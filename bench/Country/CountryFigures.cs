using Canvass.Bench.Metrics;

namespace Canvass.Bench.Country;

/// <summary>What the country scenario measured, as the result file holds it.</summary>
public sealed record CountryFigures(
    string RootId,
    int Sites,
    long Households,
    double BenchRegistryLoadSeconds,
    double? ProcessAgeAtBenchStartSeconds,
    double? ReadySinceProcessStartSeconds,
    double? WarmSinceProcessStartSeconds,
    double ServerWarmupSeconds,
    double TouchSeconds,
    double SettleSeconds,
    long ReportsSent,
    long Accepted,
    long Duplicates,
    long Rejected,
    long FailedBatches,
    long Retries,
    double AcceptedPerSecond,
    LatencySummary AckLatencyMs,
    bool RootExact,
    string RootCheck,
    ServerSample? First,
    ServerSample Warm,
    ServerSample Touched,
    double? BytesPerGrainWhileWarming,
    double BytesPerGrainOverall,
    double BytesPerTouchedSite,
    double HeapBytesPerTouchedSite,
    string? FirstError,
    string? FirstRejection);
