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

    /// <summary>The section as configured, checked: a bad endpoint stops the process at start, not at the first span.</summary>
    public static TracingOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection("Tracing").Get<TracingOptions>() ?? new TracingOptions();
        if (string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            options.OtlpEndpoint = null;
        }
        else if (!Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"Tracing:OtlpEndpoint must be an absolute http or https address; '{options.OtlpEndpoint}' is not.");
        }

        return options;
    }
}
