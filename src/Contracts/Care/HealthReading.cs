namespace Canvass.Contracts.Care;

/// <summary>One resident's reading at a health check; nothing personal, only the status and optionally a temperature.</summary>
/// <param name="Status">normal or fever.</param>
/// <param name="Temperature">Degrees Celsius, when taken.</param>
public sealed record HealthReading(ReadingStatus Status, double? Temperature);
