using Canvass.Abstractions.Configuration;
using Canvass.Gateway.Auth;
using Canvass.Gateway.Hosting;
using Canvass.Grains.Hosting;
using Canvass.Grains.Webhooks;
using Canvass.Silo.Simulation;
using Orleans.Dashboard;

namespace Canvass.Silo.Hosting;

/// <summary>Composes the silo process: the grains, and in the embedded default the gateway and dashboard beside them.</summary>
public static class SiloHost
{
    /// <param name="args">The command line.</param>
    /// <param name="services">
    /// Registrations made before the host's own, which add theirs only where none is (<c>TryAdd</c>): a test host's
    /// screening clock on a fake time started in the past (<c>ScreeningClock</c>, <c>ObservationClock</c>). None in a deployment.
    /// </param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? services = null)
    {
        var simulation = SimulationOptions.FromArgs(ref args);
        var builder = WebApplication.CreateBuilder(args);
        services?.Invoke(builder.Services);
        // Both shape the silo itself, configured below while the host is composed: read checked now.
        var options = builder.Services.AddValidatedSection(builder.Configuration, "Silo", new SiloOptionsValidator());
        var cluster = ClusterSettings.Add(builder.Services, builder.Configuration);

        builder.UseOrleans(silo =>
        {
            silo.UseCanvassClustering(cluster, options);
            // Failure detection settings (ProbeTimeout, NumMissedProbesLimit...) for operators and fault tests.
            silo.Services.Configure<Orleans.Configuration.ClusterMembershipOptions>(builder.Configuration.GetSection("Orleans:ClusterMembership"));
            silo.AddStartupTask((services, cancellation) => services.GetRequiredService<RegistryWarmup>().StartAsync(cancellation));
            silo.AddStartupTask((services, cancellation) => services.GetRequiredService<WebhookResumption>().StartAsync(cancellation));
            if (options.Dashboard)
            {
                silo.AddDashboard();
            }

            if (TracingOptions.From(builder.Configuration).Enabled)
            {
                // Grain calls carry and continue the caller's trace (a gateway's request, a site's flush to its parent).
                silo.AddActivityPropagation();
            }
        });
        builder.Services.AddScreeningGrains(builder.Configuration);
        builder.Services.AddHealthChecks().AddCheck<SiloMembershipCheck>("membership", tags: [Observability.Ready]);
        builder.AddObservability(options.HostGateway ? "canvass-embedded" : "canvass-silo");
        if (options.HostGateway)
        {
            // One process alone may sign with a development key; the silos of a cluster share a configured one.
            builder.AddGatewayServices(alone: cluster.Provider == ClusterProvider.Localhost);
            if (simulation is not null)
            {
                builder.Services.AddSingleton(simulation);
                builder.Services.AddHostedService<ScreeningSimulator>();
            }
        }
        else if (simulation is not null)
        {
            throw new InvalidOperationException("--simulate needs the gateway in this process (Silo:HostGateway=true).");
        }
        else if (options.Dashboard && !options.DashboardAnonymous)
        {
            // No gateway, but the dashboard still asks for an admin token, checked (and revoked) as the gateway does.
            builder.Services.AddProblemDetails();
            builder.AddCanvassAuth(developmentKey: cluster.Provider == ClusterProvider.Localhost);
        }

        var app = builder.Build();
        app.MapObservability();
        if (options.HostGateway)
        {
            app.MapGateway();
        }
        else if (options.Dashboard && !options.DashboardAnonymous)
        {
            app.UseCanvassAuth();
        }

        if (options.Dashboard)
        {
            // The dashboard is an operator tool with its own UI, not part of the API (excluded from /openapi/v1.json).
            // It shows grain ids, the cluster's layout and a live log: admin tokens only, but in local development.
            var dashboard = app.MapOrleansDashboard(routePrefix: DashboardSignIn.Path).ExcludeFromDescription();
            if (!options.DashboardAnonymous)
            {
                dashboard.RequireAuthorization(Permissions.Operate);
            }
        }

        return app;
    }
}
