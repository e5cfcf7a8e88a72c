namespace Canvass.Abstractions.Screening;

/// <summary>The outcome of one report, in the order the reports were given.</summary>
[GenerateSerializer, Immutable, Alias("canvass.ReportResult")]
public readonly record struct ReportResult(
    [property: Id(0)] ReportStatus Status,
    [property: Id(1)] string? Error = null)
{
    public static ReportResult Accepted => new(ReportStatus.Accepted);
    public static ReportResult Duplicate => new(ReportStatus.Duplicate);
    public static ReportResult Rejected(string error) => new(ReportStatus.Rejected, error);
}
