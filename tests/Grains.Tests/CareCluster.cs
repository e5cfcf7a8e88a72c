using Canvass.Abstractions.Care;
using Canvass.Abstractions.Units;
using Canvass.Grains.Screening;
using Canvass.Registry;

namespace Canvass.Grains.Tests;

/// <summary>
/// A cluster for care tests, and what they do with it: move the shared fake clock to the local hour a test needs,
/// give each test its own site, place quarantines, record checks, read the newest snapshot.
/// </summary>
public sealed class CareCluster : ClusterFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Gaps:ScreeningStart"] = Start.ToString("O"),
        ["Gaps:EscalateAfter"] = "02:00:00",
        // A snapshot after every event: reactivation reads format 5, and a test reads what the snapshot kept.
        ["Rollup:SnapshotEvery"] = "1",
    };

    public static HealthCheck Check(string id, int household, DateTimeOffset at) => new(id, household, at, [new(ReadingStatus.Normal, 36.6)]);

    public static async Task PlaceAsync(ISiteGrain grain, string id, int household, DateTimeOffset start, DateTimeOffset? plannedEnd = null)
    {
        var result = Assert.Single(await grain.ApplyQuarantinesAsync([new(id, household, QuarantineKind.HomeQuarantine, start, plannedEnd ?? start.AddDays(14), 2)], "sup-1"));
        Assert.Equal(ReportStatus.Accepted, result.Status);
    }

    /// <summary>Moves the shared clock to the next local <paramref name="hour"/>:00 (a test's own day), and returns it.</summary>
    public DateTimeOffset AdvanceToLocal(int hour)
    {
        var now = Registry.ToLocal(Clock.GetUtcNow());
        var target = new DateTimeOffset(now.Date.AddHours(hour), now.Offset);
        if (target <= now)
        {
            target = target.AddDays(1);
        }

        Clock.Advance(target - now);
        return target;
    }

    /// <summary>The first site of a community of its own for test <paramref name="n"/>.</summary>
    public (RegistryUnit Site, ISiteGrain Grain) Site(int n)
    {
        var site = Registry.Sites.GroupBy(s => s.Parent!.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Skip(200 + n * 7).First().First();
        return (site, Grains.GetGrain<ISiteGrain>(site.Id));
    }

    public IUnitGrain Community(RegistryUnit site) => Grains.GetGrain<IUnitGrain>(site.Parent!.Id);

    /// <summary>The site's state as its newest snapshot, once that covers its last record, has it.</summary>
    public async Task<SiteState> SnapshotAsync(RegistryUnit site)
    {
        var stored = await Eventually(() => Journal.LoadAsync(site.Id, withSnapshot: true), h => h.Snapshot is not null && h.SnapshotSequence == h.LastSequence,
            $"a snapshot of {site.Id} up to its last record");
        return SiteState.FromSnapshot(stored.Snapshot!, (int)site.Households, Clock.GetUtcNow().UtcTicks);
    }

    public static Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> condition, string what) =>
        TestSupport.Eventually.UntilAsync(read, condition, what, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));
}
