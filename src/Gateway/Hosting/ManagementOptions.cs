namespace Canvass.Gateway.Hosting;

/// <summary>The management port (section <c>Management</c>): where /metrics is served, apart from the public API.</summary>
public sealed class ManagementOptions
{
    /// <summary>
    /// Addresses of the management port, such as <c>http://+:9464</c> (each with a port of its own, not 0, and none of
    /// the public ones). Only /metrics and /health/* answer there, and /metrics nowhere else. Default none: no
    /// /metrics at all (OTLP export, <c>Telemetry:OtlpEndpoint</c>, still works).
    /// </summary>
    public string? Urls { get; set; }

    public const string Section = "Management";

    /// <summary>The entries of a <c>;</c>-separated list of addresses.</summary>
    public static string[] Split(string? value) =>
        (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
