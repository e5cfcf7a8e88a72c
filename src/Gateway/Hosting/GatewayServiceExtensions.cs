using Canvass.Abstractions.CasePlaces;
using Canvass.Abstractions.Configuration;
using Canvass.Gateway.Apis;
using Canvass.Gateway.Auth;
using Canvass.Gateway.Limits;
using Canvass.Gateway.Docs;
using Canvass.Gateway.Ingest;
using Canvass.Gateway.Push;
using Canvass.Gateway.Web;
using Canvass.Registry;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Canvass.Gateway.Hosting;

public static class GatewayServiceExtensions
{
    /// <summary>The REST API and the monitor hub, over an Orleans client or a co-hosted silo.</summary>
    /// <param name="alone">Whether this process is the whole service (the embedded default), which may then sign tokens with a development key.</param>
    public static WebApplicationBuilder AddGatewayServices(this WebApplicationBuilder builder, bool alone)
    {
        var services = builder.Services;
        services.AddUnitRegistry(builder.Configuration);
        services.AddCasePlacesOptions(builder.Configuration);
        services.AddOptions<IngestOptions>().Bind(builder.Configuration.GetSection("Ingest"))
            .Validate(o => o.MaxReports > 0 && o.MaxBodyBytes > 0, "Ingest:MaxReports and Ingest:MaxBodyBytes must be positive.")
            .Validate(o => o.MaxBytesInFlight >= o.MaxBodyBytes, "Ingest:MaxBytesInFlight must be at least Ingest:MaxBodyBytes, or a largest batch could never be read.")
            .ValidateOnStart();
        services.AddOptions<PushOptions>().Bind(builder.Configuration.GetSection("Push"))
            .Validate(o => o.RenewInterval > TimeSpan.Zero, "Push:RenewInterval must be positive.")
            .Validate(o => o.StreamHeartbeatInterval > TimeSpan.Zero, "Push:StreamHeartbeatInterval must be positive.")
            .Validate(o => o.KeepAliveInterval > TimeSpan.Zero, "Push:KeepAliveInterval must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new ObservationClock(TimeProvider.System));
        services.AddSingleton<UnitGrains>();
        services.AddSingleton<IngestBudget>();
        services.AddSingleton<ScreeningWindow>();
        services.AddSingleton<IngestPipeline>();
        services.AddSingleton<Exports.ExportTables>();
        services.AddReportKind<HouseholdReports, ReportDto, Abstractions.Screening.SiteReport>();
        services.AddReportKind<CheckpointReports, CheckpointDto, Abstractions.Screening.CheckpointReport>();
        services.AddReportKind<QuarantineReports, QuarantineDto, Abstractions.Care.QuarantinePlacement>();
        services.AddReportKind<HealthCheckReports, HealthCheckDto, Abstractions.Care.HealthCheck>();
        services.AddReportKind<CareRequests, CareRequestDto, Abstractions.Care.CareRequestItem>();
        services.AddSingleton<Care.CareSteps>();
        services.AddSingleton<UnitFeed>();
        services.AddSingleton<SharedFrames>();
        // SignalR's lifetime manager, which also lets the feed write one serialized frame to many connections.
        services.AddSingleton<HubConnections>();
        services.AddSingleton<HubLifetimeManager<MonitorHub>>(sp => sp.GetRequiredService<HubConnections>());
        services.AddHostedService<CasePlaces.CasePlacesFeed>();
        services.AddSingleton<DailyReports.DailyReportsFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<DailyReports.DailyReportsFeed>());
        services.AddHostedService<WatchRenewal>();

        services.AddHealthChecks().AddCheck<ClusterReachableCheck>("cluster", tags: [Observability.Ready]);
        services.AddProblemDetails();
        services.AddApiDocs();
        services.ConfigureHttpJsonOptions(o => WireJson.Configure(o.SerializerOptions));
        // The rate limiter's policies and the output cache are built while the host is composed: read checked now.
        var limits = services.AddValidatedSection(builder.Configuration, "Limits", new LimitOptionsValidator());
        services.AddCanvassRateLimits(limits);
        services.AddOutputCache(o => o.AddPolicy(CasePlaces.PublicListCache.Name, new CasePlaces.PublicListCache(limits)));
        var proxies = services.AddValidatedSection(builder.Configuration, ProxySettings.Section, new ProxySettingsValidator());
        services.Configure<ForwardedHeadersOptions>(proxies.Apply);
        services.AddSignalR(o =>
        {
            o.MaximumReceiveMessageSize = limits.MaxHubMessageBytes;
            o.AddFilter<HubCallLimiter>();
        }).AddJsonProtocol(o => WireJson.Configure(o.PayloadSerializerOptions))
            // Beside JSON, for clients that want smaller frames and cheaper parsing (Canvass.Client offers it).
            .AddMessagePackProtocol();
        // After AddSignalR's own defaults, from the one PushOptions (the silo's embedded gateway reads the same class).
        services.AddOptions<HubOptions>().Configure<IOptions<PushOptions>>((o, push) => o.KeepAliveInterval = push.Value.KeepAliveInterval);
        builder.AddCanvassAuth(developmentKey: alone);
        // The hub's and the stream's URLs carry the token (?access_token=), and this category logs every URL.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        // First, so that the scheme, host and client address everything after sees are the client's (known proxies only).
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<OriginCheck>();
        // The pages and bundles are public; what they show comes from the APIs, which need a token.
        app.MapWebApp();
        app.UseCanvassAuth();
        app.UseRateLimiter();
        // After the limiter: a cached answer still counts against its address.
        app.UseOutputCache();
        app.MapReportsApi();
        app.MapUnitsApi();
        app.MapAlertsApi();
        app.MapCareApi();
        app.MapCasePlacesApi();
        app.MapDailyReportsApi();
        app.MapRegistryApi();
        app.MapTokensApi();
        app.MapRevocationsApi();
        app.MapHistoryApi();
        app.MapUploadsApi();
        app.MapExportsApi();
        app.MapWebhooksApi();
        app.MapApiDocs();
        app.MapPushApi();
        return app;
    }
}
