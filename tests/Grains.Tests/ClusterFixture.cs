using System.Collections.Concurrent;
using Canvass.Grains.Hosting;
using Canvass.Grains.Rollup;
using Canvass.Registry;
using Canvass.Storage;
using Canvass.Storage.History;
using Canvass.Storage.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Canvass.Grains.Tests;

/// <summary>
/// An in-process test cluster of the real grains over the real Shenzhen registry, with screening time on a fake
/// clock and short flush and stale-check intervals so that nothing waits on wall-clock periods.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    // Silos run in this process; the configurator reaches the fixture's clock and counters through statics.
    private static readonly ConcurrentDictionary<string, FakeTimeProvider> Clocks = new();
    private static readonly ConcurrentDictionary<string, FaultyJournal> Journals = new();
    private static readonly ConcurrentDictionary<string, RecordingHistoryStore> Histories = new();
    private static readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string?>> ExtraSettings = new();
    private readonly string _clusterKey = Guid.NewGuid().ToString("N");

    public ClusterFixture()
    {
        Clocks[_clusterKey] = Clock;
        Journals[_clusterKey] = new FaultyJournal(new MemoryJournal());
        Histories[_clusterKey] = new RecordingHistoryStore();
    }

    public static readonly DateTimeOffset Start = new(2020, 2, 3, 8, 0, 0, TimeSpan.FromHours(8));

    public FakeTimeProvider Clock { get; } = new(Start);

    public TestCluster Cluster { get; private set; } = null!;

    public UnitRegistry Registry { get; } = RegistryLoader.Load(new RegistryOptions().Path);

    public IGrainFactory Grains => Cluster.GrainFactory;

    public ChildChangedCounter Calls => ChildChangedCounter.For(_clusterKey);

    /// <summary>The silo's journal: in memory, with failures that a test can inject.</summary>
    public FaultyJournal Journal => Journals[_clusterKey];

    /// <summary>The silo's unit history: in memory, with its writes logged for tests to await.</summary>
    public RecordingHistoryStore History => Histories[_clusterKey];

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.Properties["ClusterKey"] = _clusterKey;
        ExtraSettings[_clusterKey] = Settings;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddSiloBuilderConfigurator<ReminderConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Clocks.TryRemove(_clusterKey, out _);
        Journals.TryRemove(_clusterKey, out _);
        Histories.TryRemove(_clusterKey, out _);
        ExtraSettings.TryRemove(_clusterKey, out _);
    }

    /// <summary>Settings a derived fixture adds to (or overrides in) the silo's configuration.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    private sealed class ReminderConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.UseInMemoryReminderService();
    }

    private sealed class SiloConfigurator : IHostConfigurator
    {
        public void Configure(Microsoft.Extensions.Hosting.IHostBuilder hostBuilder)
        {
            hostBuilder.ConfigureServices((context, services) =>
            {
                var key = context.Configuration["ClusterKey"]!;
                var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Rollup:FlushInterval"] = "00:00:00.010",
                    ["Rollup:StaleCheckInterval"] = "00:00:00.050",
                    ["Rollup:StalePeriod"] = "1.00:00:00",
                }).AddInMemoryCollection(ExtraSettings.GetValueOrDefault(key) ?? new Dictionary<string, string?>()).Build();
                services.AddSingleton(new ScreeningClock(Clocks[key]));
                services.AddSingleton<ISiteJournal>(Journals.GetOrAdd(key, _ => new FaultyJournal(new MemoryJournal())));
                services.AddSingleton<IUnitHistoryStore>(Histories.GetOrAdd(key, _ => new RecordingHistoryStore()));
                // Each cluster decides its own screening start (on its fake clock), not one left in a file by another.
                services.AddSingleton<Canvass.Storage.Settings.IDeploymentSettings>(new Canvass.Storage.Settings.MemoryDeploymentSettings());
                services.AddScreeningGrains(configuration);
                services.AddSingleton<IIncomingGrainCallFilter>(ChildChangedCounter.For(key));
            });
        }
    }
}
