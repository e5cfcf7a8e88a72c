using Canvass.Storage.Memory;
using Canvass.Storage.PostgreSql;
using Canvass.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Canvass.Storage;

public static class StorageServiceExtensions
{
    /// <summary>Registers the journal that <c>Storage:Provider</c> names, opened (and migrated) when first resolved.</summary>
    public static IServiceCollection AddSiteJournal(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        services.TryAddSingleton<ISiteJournal>(_ => Open(options));
        return services;
    }

    public static ISiteJournal Open(StorageOptions options) => options.Provider switch
    {
        StorageProvider.Sqlite => SqliteJournal.Open(options.SqlitePath, options.MaxRecordsPerCommit, options.MaxConcurrentLoads),
        StorageProvider.PostgreSql => new PostgreSqlJournal(
            options.PostgreSqlConnectionString ?? throw new InvalidOperationException("Storage:Provider is PostgreSql but Storage:PostgreSqlConnectionString is not set."),
            options.MaxRecordsPerCommit, options.Writers, options.MaxConcurrentLoads),
        StorageProvider.Memory => new MemoryJournal(),
        _ => throw new InvalidOperationException($"Storage:Provider '{options.Provider}' is not one of Sqlite, PostgreSql, Memory."),
    };
}
