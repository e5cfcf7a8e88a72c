using Canvass.Abstractions.Configuration;
using Canvass.Storage;
using Canvass.Storage.History;
using Microsoft.Extensions.Options;

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
        StorageOptions options;
        HistoryOptions historyOptions;
        try
        {
            // The same validators a host's start runs: a bad setting stops the command with the setting named.
            options = ValidatedSection.Read(configuration, "Storage", new StorageOptionsValidator());
            historyOptions = ValidatedSection.Read(configuration, "History", new HistoryOptionsValidator());
        }
        catch (OptionsValidationException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        var backend = StorageBackend.For(options);
        var journal = backend.OpenJournal();
        await journal.PingAsync();
        var history = backend.OpenHistory(historyOptions.FineRetention);
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
