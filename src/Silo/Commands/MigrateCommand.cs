using Canvass.Storage;

namespace Canvass.Silo.Commands;

/// <summary>
/// <c>migrate [--Storage:... settings]</c>: creates or upgrades the journal's schema and exits. Silos also do this
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
        var options = configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        var journal = StorageServiceExtensions.Open(options);
        await journal.PingAsync();
        if (journal is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        Console.WriteLine($"The {options.Provider} journal schema is up to date.");
        return 0;
    }
}
