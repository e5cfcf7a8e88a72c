using Canvass.Abstractions.CasePlaces;
using Canvass.Abstractions.Configuration;
using Canvass.Grains.Care;
using Canvass.Grains.DailyReports;
using Canvass.Grains.Gaps;
using Canvass.Grains.History;
using Canvass.Grains.Rollup;
using Canvass.Grains.Uploads;
using Canvass.Grains.Webhooks;
using Canvass.Grains.Webhooks.Targets;
using Canvass.Registry;
using Canvass.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Canvass.Grains.Hosting;

public static class GrainServiceExtensions
{
    /// <summary>What the screening grains need in a silo: the registry, roll-up and gap options, the screening clock, the journal, the history recorder and the webhooks' store and sender.</summary>
    public static IServiceCollection AddScreeningGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddUnitRegistry(configuration);
        services.AddOptions<RollupOptions>().Bind(configuration.GetSection("Rollup")).ValidateOnStart()
            .Validate(o => o.FlushInterval > TimeSpan.Zero && o.SiteFlushInterval > TimeSpan.Zero && o.StalePeriod > TimeSpan.Zero && o.StaleCheckInterval > TimeSpan.Zero
                    && o.ActivationPullPatience > TimeSpan.Zero && o.LoadingPatience > TimeSpan.Zero,
                "Rollup:FlushInterval, SiteFlushInterval, StalePeriod, StaleCheckInterval, ActivationPullPatience and LoadingPatience must be positive.")
            .Validate(o => o.SweepInterval is null || o.SweepInterval >= TimeSpan.FromMinutes(1), "Rollup:SweepInterval must be at least a minute, the shortest reminder period.");
        services.AddOptions<GapOptions>().Bind(configuration.GetSection("Gaps")).ValidateOnStart()
            .Validate(o => o.CoverageTarget is > 0 and <= 1, "Gaps:CoverageTarget must be a share above 0 and at most 1.")
            .Validate(o => o.CoverageDeadline > TimeSpan.Zero && o.FollowUpPeriod > TimeSpan.Zero && o.EscalateAfter > TimeSpan.Zero,
                "Gaps:CoverageDeadline, FollowUpPeriod and EscalateAfter must be positive.");
        services.AddValidatedSection(configuration, "Care", new CareOptionsValidator());
        services.AddSingleton<CareRules>();
        services.AddCasePlacesOptions(configuration);
        services.AddOptions<DailyReportsOptions>().Bind(configuration.GetSection("DailyReports")).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DailyReportsOptions>, DailyReportsOptionsValidator>());
        services.AddSingleton<DailyReportSchedule>();
        services.AddValidatedSection(configuration, "Uploads", new UploadOptionsValidator());
        services.AddSingleton<TeamShift>();
        services.TryAddSingleton(new ScreeningClock(TimeProvider.System));
        services.AddCanvassStorage(configuration);
        services.AddSingleton<ScreeningStart>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<ScreeningStart>());
        services.AddSingleton<GapRules>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<JournalCompaction>();
        services.AddSingleton<HistoryRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<HistoryRecorder>());
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection("Webhooks")).ValidateOnStart()
            .Validate(o => o.InitialBackoff > TimeSpan.Zero && o.MaxBackoff >= o.InitialBackoff, "Webhooks:InitialBackoff must be positive and at most Webhooks:MaxBackoff.")
            .Validate(o => o.Timeout > TimeSpan.Zero && o.RenewInterval > TimeSpan.Zero && o.MaxConcurrentDeliveries > 0,
                "Webhooks:Timeout, RenewInterval and MaxConcurrentDeliveries must be positive.")
            .Validate(o => o.MaxPerPartner > 0, "Webhooks:MaxPerPartner must be positive.")
            .Validate(o => o.FirstBadNetwork() is null, "Webhooks:AllowedPrivateTargets and Webhooks:ClusterNetworks must list networks in CIDR form, such as 10.20.0.0/16 or ::1/128, with no bits set after the prefix.");
        services.AddSingleton(sp => new TargetConnector(TargetPolicy.From(sp.GetRequiredService<IOptions<WebhookOptions>>().Value)));
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookResumption>();
        services.AddSingleton<RegistryWarmup>();
        services.AddHealthChecks().AddCheck<JournalReachableCheck>("journal", tags: ["ready"])
            .AddCheck<WarmupDoneCheck>("warmup", tags: ["ready"]);
        return services;
    }
}
