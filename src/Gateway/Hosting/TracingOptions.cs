using OpenTelemetry.Exporter;

namespace Canvass.Gateway.Hosting;

/// <summary>
/// Traces (section <c>Tracing</c>): off unless an exporter is named here. Off, no tracer is registered and Orleans'
/// activity propagation is not added, so the request path is the one without tracing.
/// </summary>
public sealed class TracingOptions
{
    /// <summary>
    /// Where spans go over OTLP, such as <c>http://127.0.0.1:4317</c> (gRPC) or
    /// <c>http://127.0.0.1:4318/v1/traces</c> (with <see cref="OtlpProtocol"/> <c>HttpProtobuf</c>: the whole path).
    /// Default none.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>The OTLP transport, <c>Grpc</c> or <c>HttpProtobuf</c>. Default <c>Grpc</c>.</summary>
    public OtlpExportProtocol OtlpProtocol { get; set; } = OtlpExportProtocol.Grpc;

    /// <summary>Writes every span to standard output as well: a look at one report's trace without a collector. Default false.</summary>
    public bool Console { get; set; }

    /// <summary>Whether any exporter is configured, and so whether anything traces.</summary>
    public bool Enabled => OtlpEndpoint is not null || Console;

    /// <summary>
    /// The section as configured, checked by <see cref="TracingOptionsValidator"/>: a bad endpoint stops the process
    /// while it is composed (the exporters are chosen then), not at the first span.
    /// </summary>
    public static TracingOptions From(IConfiguration configuration)
    {
        var options = Abstractions.Configuration.ValidatedSection.Read(configuration, "Tracing", new TracingOptionsValidator());
        if (string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            options.OtlpEndpoint = null;
        }

        return options;
    }
}
