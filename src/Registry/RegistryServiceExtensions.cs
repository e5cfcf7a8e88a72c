using Canvass.Abstractions.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Canvass.Registry;

public static class RegistryServiceExtensions
{
    /// <summary>Loads the registry named by <c>Registry:Path</c> once and shares it; a bad file stops start-up with its file and line.</summary>
    public static IServiceCollection AddUnitRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        // The silo and the gateway both ask for it when they share one process; load it once.
        if (services.Any(d => d.ServiceType == typeof(UnitRegistry)))
        {
            return services;
        }

        // Loaded while the host is composed, so that a bad file stops it before anything listens: read checked now.
        var options = services.AddValidatedSection(configuration, "Registry", new RegistryOptionsValidator());
        services.AddSingleton(RegistryLoader.Load(options.Path));
        return services;
    }
}
