using Canvass.Bench.Metrics;

namespace Canvass.Bench.Campaign;

/// <summary>
/// One round of the campaign: its load, the server's memory and store once the round had settled, and the restart
/// that followed it, if one was due. Memory is in MiB; RSS from /proc, the GC heap as it stood after the server's
/// latest collection (from its /metrics). The machine's load average is taken as the round's sending ends.
/// </summary>
public sealed record RoundFigures(
    int Round,
    long Sent,
    long Accepted,
    long Duplicates,
    long Rejected,
    long FailedBatches,
    long Retries,
    double Seconds,
    double ReportsPerSecond,
    LatencySummary AckMs,
    double? ServerCpuMicrosecondsPerReport,
    double? MachineLoad,
    double? RssMb,
    double? GcHeapMb,
    long? JournalBytes,
    long? SnapshotBytes,
    RestartFigures? Restart,
    string? FirstError,
    string? FirstRejection);

/// <summary>
/// From SIGKILL to <c>/health/ready</c> answering 200, and to the unit's summary reading exactly what it read
/// before the kill (null when it did not within --settle). Both include the new process's start.
/// </summary>
public sealed record RestartFigures(double KillToReadySeconds, double? KillToExactSeconds);
