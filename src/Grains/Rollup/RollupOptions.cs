namespace Canvass.Grains.Rollup;

/// <summary>How changes travel up the tree and when a site counts as stale. Section <c>Rollup</c>.</summary>
public sealed class RollupOptions
{
    /// <summary>
    /// How long an aggregate unit gathers changes before it tells its parent and its watchers, so that a burst of
    /// reports makes one upward call per interval, not one per report. Default 10 ms: a change crosses four
    /// aggregate levels on its way to the city.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// The same for sites, which are many: a longer interval there bounds the calls into communities under load.
    /// Default 50 ms.
    /// </summary>
    public TimeSpan SiteFlushInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Per-level overrides of the flush intervals, keyed by level name (for example <c>site</c>, <c>city</c>). Default none.</summary>
    public Dictionary<string, TimeSpan> FlushIntervals { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A site with no report for this long counts as stale. Default 24 h.</summary>
    public TimeSpan StalePeriod { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often a fresh site checks whether it has gone stale. Default 1 min.</summary>
    public TimeSpan StaleCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a watcher's registration lasts unless renewed; gateways renew well within it. Default 20 s.</summary>
    public TimeSpan WatchLease { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A site saves a snapshot after this many journal records, bounding what a restart replays. Default 1,000.</summary>
    public int SnapshotEvery { get; set; } = 1_000;

    /// <summary>
    /// How often the root walks the whole tree, reactivating any unit a dead silo took with it and pulling any
    /// summary a crash kept from reaching its parent. Default: the registry manifest's <c>sweepInterval</c> when it
    /// names one (the national registry: 10 min), else 1 min (the reminder minimum).
    /// </summary>
    public TimeSpan? SweepInterval { get; set; }

    /// <summary>
    /// How long an aggregate's activation waits for its children's summaries before it goes on pulling the rest in
    /// the background (loading until every child has answered). Kept short: patience nests, one wait per level.
    /// Default 2 s.
    /// </summary>
    public TimeSpan ActivationPullPatience { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a read of an aggregate whose subtree is still loading after its activation waits for it before
    /// answering that it is loading (the gateway then answers 503 with <c>Retry-After</c>). Bounded so that a child
    /// on a dead silo delays a read by this much at most. Default 5 s.
    /// </summary>
    public TimeSpan LoadingPatience { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The sweep interval in force: this setting, else the registry's, else 1 min.</summary>
    public TimeSpan SweepIntervalFor(Registry.UnitRegistry registry) => SweepInterval ?? registry.SweepInterval ?? TimeSpan.FromMinutes(1);

    public TimeSpan FlushIntervalFor(string level) =>
        FlushIntervals.TryGetValue(level, out var interval) ? interval
        : level == UnitLevels.Site ? SiteFlushInterval
        : FlushInterval;
}
