using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Canvass.Abstractions.CasePlaces;

public static class CasePlacesServiceExtensions
{
    /// <summary>
    /// Binds and validates the <c>CasePlaces</c> section, in a silo and in a gateway from this one place, so that a
    /// split deployment cannot state a cut-off other than the one its silos publish at.
    /// </summary>
    public static IServiceCollection AddCasePlacesOptions(this IServiceCollection services, IConfiguration configuration)
    {
        // A silo that hosts the gateway asks twice; bind once.
        if (services.Any(d => d.ServiceType == typeof(CasePlacesMarker)))
        {
            return services;
        }

        services.AddSingleton<CasePlacesMarker>();
        services.AddOptions<CasePlacesOptions>().Bind(configuration.GetSection("CasePlaces")).ValidateOnStart()
            .Validate(o => o.CheckInterval > TimeSpan.Zero, "CasePlaces:CheckInterval must be positive.");
        return services;
    }

    private sealed class CasePlacesMarker;
}
