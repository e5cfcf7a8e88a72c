using Canvass.Storage;
using Canvass.Storage.History;

namespace Canvass.Silo.Commands;

/// <summary>
/// <c>migrate [--Storage:... settings]</c>: creates or upgrades the journal's, the unit history's, the webhooks' and the deployment settings' schemas and exits. Silos also do this
/// at start; this is for operators who prefer to migrate before a rollout.
/// </summary>
internal static class MigrateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        var options = StorageOptionsValidator.Checked(configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions());
        var backend = StorageBackend.For(options);
        var journal = backend.OpenJournal();
        await journal.PingAsync();
        var history = backend.OpenHistory((configuration.GetSection("History").Get<HistoryOptions>() ?? new HistoryOptions()).FineRetention);
        await history.PingAsync();
        var webhooks = backend.OpenWebhooks();
        await webhooks.PingAsync();
        var settings = backend.OpenSettings();
        await settings.GetAsync(Grains.Gaps.ScreeningStart.SettingName);
        foreach (var store in new object[] { journal, history, webhooks, settings })
        {
            if (store is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }

        Console.WriteLine($"The {options.Provider} journal, history, webhook and deployment-settings schemas are up to date.");
        return 0;
    }
}
