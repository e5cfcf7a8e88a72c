using Canvass.Storage.History;
using Canvass.Storage.Memory;
using Canvass.Storage.PostgreSql;
using Canvass.Storage.Revocations;
using Canvass.Storage.Settings;
using Canvass.Storage.Sqlite;
using Canvass.Storage.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Canvass.Storage;

public static class StorageServiceExtensions
{
    /// <summary>Registers the journal that <c>Storage:Provider</c> names, opened (and migrated) when first resolved.</summary>
    public static IServiceCollection AddSiteJournal(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        services.AddOptions<JournalOptions>().Bind(configuration.GetSection("Journal")).ValidateOnStart()
            .Validate(o => o.DuplicateWindow >= TimeSpan.Zero, "Journal:DuplicateWindow must not be negative.")
            .Validate(o => o.Retention is null || o.Retention >= o.DuplicateWindow, "Journal:Retention must be at least Journal:DuplicateWindow: a resend within the window is looked up in the journal.")
            .Validate(o => o.CompactionInterval > TimeSpan.Zero, "Journal:CompactionInterval must be positive.");
        services.TryAddSingleton<ISiteJournal>(_ => Open(options));
        return services;
    }

    /// <summary>
    /// Registers the unit history store beside the journal: the same <c>Storage:Provider</c>, the same database,
    /// its own connections; settings from <c>History</c>.
    /// </summary>
    public static IServiceCollection AddUnitHistoryStore(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        services.AddOptions<HistoryOptions>().Bind(configuration.GetSection("History")).ValidateOnStart()
            .Validate(o => o.Interval > TimeSpan.Zero && o.Interval <= TimeSpan.FromHours(1) && TimeSpan.TicksPerHour % o.Interval.Ticks == 0,
                "History:Interval must be positive and divide an hour evenly (00:01:00, 00:00:30, 00:05:00...).")
            .Validate(o => o.FineRetention >= TimeSpan.Zero && o.CompactionInterval > TimeSpan.Zero,
                "History:FineRetention must not be negative and History:CompactionInterval must be positive.");
        services.TryAddSingleton<IUnitHistoryStore>(sp => OpenHistory(options, sp.GetRequiredService<IOptions<HistoryOptions>>().Value));
        return services;
    }

    /// <summary>
    /// Registers the webhook registrations and their outbox beside the journal: the same <c>Storage:Provider</c>,
    /// the same database, their own tables and connections.
    /// </summary>
    public static IServiceCollection AddWebhookStore(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        services.TryAddSingleton<IWebhookStore>(_ => OpenWebhooks(options));
        return services;
    }

    /// <summary>
    /// Registers the deployment's settings (values decided once for every silo) beside the journal: the same
    /// <c>Storage:Provider</c>, the same database, their own table.
    /// </summary>
    public static IServiceCollection AddDeploymentSettings(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        services.TryAddSingleton<IDeploymentSettings>(_ => OpenSettings(options));
        return services;
    }

    /// <summary>
    /// Registers the token revocations beside the journal: the same <c>Storage:Provider</c>, the same database, their
    /// own table.
    /// </summary>
    public static IServiceCollection AddRevocationStore(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        services.TryAddSingleton<IRevocationStore>(_ => OpenRevocations(options));
        return services;
    }

    public static IRevocationStore OpenRevocations(StorageOptions options) => options.Provider switch
    {
        StorageProvider.Sqlite => SqliteRevocationStore.Open(options.SqlitePath),
        StorageProvider.PostgreSql => new PostgreSqlRevocationStore(
            options.PostgreSqlConnectionString ?? throw new InvalidOperationException("Storage:Provider is PostgreSql but Storage:PostgreSqlConnectionString is not set.")),
        StorageProvider.Memory => new MemoryRevocationStore(),
        _ => throw new InvalidOperationException($"Storage:Provider '{options.Provider}' is not one of Sqlite, PostgreSql, Memory."),
    };

    public static IDeploymentSettings OpenSettings(StorageOptions options) => options.Provider switch
    {
        StorageProvider.Sqlite => SqliteDeploymentSettings.Open(options.SqlitePath),
        StorageProvider.PostgreSql => new PostgreSqlDeploymentSettings(
            options.PostgreSqlConnectionString ?? throw new InvalidOperationException("Storage:Provider is PostgreSql but Storage:PostgreSqlConnectionString is not set.")),
        StorageProvider.Memory => new MemoryDeploymentSettings(),
        _ => throw new InvalidOperationException($"Storage:Provider '{options.Provider}' is not one of Sqlite, PostgreSql, Memory."),
    };

    public static IWebhookStore OpenWebhooks(StorageOptions options) => options.Provider switch
    {
        StorageProvider.Sqlite => SqliteWebhookStore.Open(options.SqlitePath),
        StorageProvider.PostgreSql => new PostgreSqlWebhookStore(
            options.PostgreSqlConnectionString ?? throw new InvalidOperationException("Storage:Provider is PostgreSql but Storage:PostgreSqlConnectionString is not set.")),
        StorageProvider.Memory => new MemoryWebhookStore(),
        _ => throw new InvalidOperationException($"Storage:Provider '{options.Provider}' is not one of Sqlite, PostgreSql, Memory."),
    };

    public static IUnitHistoryStore OpenHistory(StorageOptions options, HistoryOptions history) => options.Provider switch
    {
        StorageProvider.Sqlite => SqliteHistoryStore.Open(options.SqlitePath, history.FineRetention),
        StorageProvider.PostgreSql => new PostgreSqlHistoryStore(
            options.PostgreSqlConnectionString ?? throw new InvalidOperationException("Storage:Provider is PostgreSql but Storage:PostgreSqlConnectionString is not set."),
            history.FineRetention),
        StorageProvider.Memory => new MemoryHistoryStore(history.FineRetention),
        _ => throw new InvalidOperationException($"Storage:Provider '{options.Provider}' is not one of Sqlite, PostgreSql, Memory."),
    };

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
