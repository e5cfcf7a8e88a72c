using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Canvass.Gateway.Ingest;

public static class ReportKindServiceExtensions
{
    /// <summary>Registers a kind of report for <see cref="IngestPipeline"/> and for its route (see <c>ReportsApi</c>).</summary>
    public static IServiceCollection AddReportKind<TKind, TDto, TItem>(this IServiceCollection services)
        where TKind : class, IReportKind<TDto, TItem>
        where TDto : class
    {
        services.TryAddSingleton<TKind>();
        services.TryAddSingleton<IReportKind<TDto, TItem>>(sp => sp.GetRequiredService<TKind>());
        return services;
    }
}
