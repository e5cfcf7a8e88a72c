using Canvass.Storage.DailyReports;
using Canvass.Storage.History;
using Canvass.Storage.Revocations;
using Canvass.Storage.Settings;
using Canvass.Storage.Uploads;
using Canvass.Storage.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Canvass.Storage;

public static class StorageServiceExtensions
{
    /// <summary>
    /// Registers every store in the backend <c>Storage:Provider</c> names (<see cref="StorageBackend"/>): the journal
    /// (settings <c>Journal</c>), unit history (<c>History</c>), webhooks and their outbox, deployment settings,
    /// token revocations and upload receipts, each opened (and migrated) when first resolved. The sections are validated when the host
    /// starts; a bad one stops it with a message naming the setting.
    /// </summary>
    public static IServiceCollection AddCanvassStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection("Storage")).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.AddOptions<JournalOptions>().Bind(configuration.GetSection("Journal")).ValidateOnStart()
            .Validate(o => o.DuplicateWindow >= TimeSpan.Zero, "Journal:DuplicateWindow must not be negative.")
            .Validate(o => o.Retention is null || o.Retention >= o.DuplicateWindow, "Journal:Retention must be at least Journal:DuplicateWindow: a resend within the window is looked up in the journal.")
            .Validate(o => o.CompactionInterval > TimeSpan.Zero, "Journal:CompactionInterval must be positive.");
        services.AddOptions<HistoryOptions>().Bind(configuration.GetSection("History")).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HistoryOptions>, HistoryOptionsValidator>());
        services.TryAddSingleton(sp => StorageBackend.For(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageBackend>().OpenJournal());
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageBackend>().OpenHistory(sp.GetRequiredService<IOptions<HistoryOptions>>().Value.FineRetention));
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageBackend>().OpenWebhooks());
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageBackend>().OpenDailyReports());
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageBackend>().OpenSettings());
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageBackend>().OpenRevocations());
        services.TryAddSingleton<IUploadStore>(sp => sp.GetRequiredService<StorageBackend>().OpenUploads());
        return services;
    }
}
