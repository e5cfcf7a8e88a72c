using Canvass.Storage.History;
using Canvass.Storage.Memory;
using Canvass.Storage.Revocations;
using Canvass.Storage.Settings;
using Canvass.Storage.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Canvass.Storage.Tests;

/// <summary><c>AddCanvassStorage</c>: the provider chosen once for every store, and a bad <c>Storage</c> section refused by name.</summary>
public class StorageRegistrationTests
{
    [Fact]
    public void Every_store_comes_from_the_one_provider_named()
    {
        using var services = Build(new() { ["Storage:Provider"] = "Memory" });

        Assert.IsType<MemoryJournal>(services.GetRequiredService<ISiteJournal>());
        Assert.IsType<MemoryHistoryStore>(services.GetRequiredService<IUnitHistoryStore>());
        Assert.IsType<MemoryWebhookStore>(services.GetRequiredService<IWebhookStore>());
        Assert.IsType<MemoryDeploymentSettings>(services.GetRequiredService<IDeploymentSettings>());
        Assert.IsType<MemoryRevocationStore>(services.GetRequiredService<IRevocationStore>());
    }

    [Theory]
    [InlineData("PostgreSql", "Storage:MaxRecordsPerCommit", "50000", "Storage:PostgreSqlConnectionString is required when Storage:Provider is PostgreSql.")]
    [InlineData("Sqlite", "Storage:SqlitePath", "", "Storage:SqlitePath must name a file when Storage:Provider is Sqlite.")]
    [InlineData("Memory", "Storage:MaxConcurrentLoads", "0", "Storage:MaxRecordsPerCommit, Storage:MaxConcurrentLoads and Storage:Writers must be positive.")]
    public void A_bad_storage_section_is_refused_naming_the_setting(string provider, string key, string value, string message)
    {
        using var services = Build(new() { ["Storage:Provider"] = provider, [key] = value });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ISiteJournal>());

        Assert.Contains(message, failure.Failures);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddCanvassStorage(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
}
