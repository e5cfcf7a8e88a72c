using Canvass.Abstractions.Screening;

namespace Canvass.Grains.Checkpoints;

/// <summary>A site event: its entrance reported whether it is closed and staffed, and its temperature checks.</summary>
[GenerateSerializer, Immutable, Alias("canvass.CheckpointReported.v1")]
public sealed record CheckpointReported(
    [property: Id(0)] string ReportId,
    [property: Id(1)] long AtUtcTicks,
    [property: Id(2)] bool Closed,
    [property: Id(3)] bool Staffed,
    [property: Id(4)] int TemperatureChecks)
{
    public static CheckpointReported From(CheckpointReport report) =>
        new(report.ReportId, report.At.UtcTicks, report.Closed, report.Staffed, report.TemperatureChecks);
}
