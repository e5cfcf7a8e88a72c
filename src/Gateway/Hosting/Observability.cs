using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;
using OpenTelemetry.Resources;

namespace Canvass.Gateway.Hosting;

/// <summary>Health endpoints and metrics, shared by the silo and gateway processes.</summary>
public static class Observability
{
    /// <summary>Tag of the checks that /health/ready runs.</summary>
    public const string Ready = "ready";

    /// <summary>
    /// OpenTelemetry metrics (the Canvass meter, Orleans, ASP.NET Core, the runtime), scrapeable at /metrics on the
    /// management port (<see cref="ManagementOptions"/>) and exported over OTLP when <c>Telemetry:OtlpEndpoint</c>
    /// (or OTEL_EXPORTER_OTLP_ENDPOINT) is set; traces when <see cref="TracingOptions"/> names an exporter.
    /// </summary>
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder, string serviceName)
    {
        builder.Services.AddSingleton(ManagementPorts.Configure(builder));
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
        var tracing = TracingOptions.From(builder.Configuration);
        if (tracing.Enabled)
        {
            builder.Services.AddOpenTelemetry().WithTracing(traces =>
            {
                // Ours (journal, roll-up, push) and the grain calls of the application; not Orleans' runtime calls
                // (membership, directory), which would bury a report's spans.
                traces.AddSource("Canvass.*", ActivitySources.ApplicationGrainActivitySourceName)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"));
                if (tracing.OtlpEndpoint is { } endpoint)
                {
                    traces.AddOtlpExporter(o =>
                    {
                        o.Endpoint = new Uri(endpoint);
                        o.Protocol = tracing.OtlpProtocol;
                    });
                }

                if (tracing.Console)
                {
                    traces.AddConsoleExporter();
                }
            });
        }

        return builder;
    }

    public static WebApplication MapObservability(this WebApplication app)
    {
        var management = app.Services.GetRequiredService<ManagementPorts>();
        app.UseMiddleware<ManagementPort>();
        // Live: the process answers. Ready: storage reachable and the cluster joined or reachable. Open to anyone (an
        // orchestrator's probe has no token), so they answer the status word alone: no check names, no exception
        // texts, no hosts.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteStatus });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteStatus });
        if (management.Any)
        {
            app.MapPrometheusScrapingEndpoint(ManagementPort.MetricsPath);
        }

        return app;
    }

    private static Task WriteStatus(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(report.Status.ToString());
    }
}
