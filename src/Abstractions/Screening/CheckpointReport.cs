namespace Canvass.Abstractions.Screening;

/// <summary>
/// One report from a site's entrance under closed management, checked for shape by the gateway.
/// </summary>
/// <param name="ReportId">Idempotency key, shared with the site's household reports.</param>
/// <param name="At">When the checkpoint was observed; the newest report of a site says whether it is closed now.</param>
/// <param name="Closed">Whether the site is under closed management (one staffed entrance, the rest shut).</param>
/// <param name="Staffed">Whether the entrance is staffed.</param>
/// <param name="TemperatureChecks">Temperature checks done at the entrance since the previous report.</param>
[GenerateSerializer, Immutable, Alias("canvass.CheckpointReport")]
public sealed record CheckpointReport(
    [property: Id(0)] string ReportId,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] bool Closed,
    [property: Id(3)] bool Staffed,
    [property: Id(4)] int TemperatureChecks);
