using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Canvass.Gateway.Hosting;

/// <summary>Health endpoints and metrics, shared by the silo and gateway processes.</summary>
public static class Observability
{
    /// <summary>Tag of the checks that /health/ready runs.</summary>
    public const string Ready = "ready";

    /// <summary>
    /// OpenTelemetry metrics (the Canvass meter, Orleans, ASP.NET Core, the runtime), scrapeable at /metrics and
    /// exported over OTLP when <c>Telemetry:OtlpEndpoint</c> (or OTEL_EXPORTER_OTLP_ENDPOINT) is set.
    /// </summary>
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder, string serviceName)
    {
        builder.Services.AddSingleton<CanvassMetrics>();
        builder.Services.AddHealthChecks();
        var otlp = builder.Configuration["Telemetry:OtlpEndpoint"] ?? builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(CanvassMetrics.MeterName, "Microsoft.Orleans")
                    .AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                if (!string.IsNullOrEmpty(otlp))
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = new Uri(otlp));
                }
            });
        return builder;
    }

    public static WebApplication MapObservability(this WebApplication app)
    {
        // Live: the process answers. Ready: storage reachable and the cluster joined or reachable.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready) });
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
