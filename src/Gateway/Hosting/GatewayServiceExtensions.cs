using Canvass.Gateway.Apis;
using Canvass.Gateway.Ingest;
using Canvass.Gateway.Push;
using Canvass.Gateway.Web;
using Canvass.Registry;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Canvass.Gateway.Hosting;

public static class GatewayServiceExtensions
{
    /// <summary>The REST API and the monitor hub, over an Orleans client or a co-hosted silo.</summary>
    public static WebApplicationBuilder AddGatewayServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddUnitRegistry(builder.Configuration);
        services.AddOptions<IngestOptions>().Bind(builder.Configuration.GetSection("Ingest"))
            .Validate(o => o.MaxReports > 0 && o.MaxBodyBytes > 0, "Ingest:MaxReports and Ingest:MaxBodyBytes must be positive.")
            .ValidateOnStart();
        services.AddOptions<PushOptions>().Bind(builder.Configuration.GetSection("Push"))
            .Validate(o => o.RenewInterval > TimeSpan.Zero, "Push:RenewInterval must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<UnitGrains>();
        services.AddSingleton<ReportValidator>();
        services.AddSingleton<ReportIngestor>();
        services.AddSingleton<UnitFeed>();
        services.AddHostedService<WatchRenewal>();

        services.AddHealthChecks().AddCheck<ClusterReachableCheck>("cluster", tags: [Observability.Ready]);
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => WireJson.Configure(o.SerializerOptions));
        services.AddSignalR().AddJsonProtocol(o => WireJson.Configure(o.PayloadSerializerOptions));
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapReportsApi();
        app.MapUnitsApi();
        app.MapRegistryApi();
        app.MapWebApp();
        app.MapHub<MonitorHub>(MonitorHub.Path);
        return app;
    }
}
