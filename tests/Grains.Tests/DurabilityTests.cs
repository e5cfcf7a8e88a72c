using Canvass.Abstractions.Screening;
using Canvass.Abstractions.Units;

namespace Canvass.Grains.Tests;

[Collection(RollupCollection.Name)]
public class DurabilityTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_batch_whose_journal_write_fails_is_not_acknowledged_changes_nothing_and_its_retry_applies_once()
    {
        var site = fixture.Grains.GetGrain<ISiteGrain>("440306017001-003");
        var before = await site.GetSummaryAsync();
        SiteReport[] batch = [ReportFactory.Screened("dur-1", 1, ClusterFixture.Start, ResidentStatus.Fever), ReportFactory.Screened("dur-2", 2, ClusterFixture.Start, ResidentStatus.Normal)];

        fixture.Journal.FailNextAppends(1);
        await Assert.ThrowsAsync<IOException>(() => site.ApplyAsync(batch));

        var unchanged = await site.GetSummaryAsync();
        Assert.Equal(before.Version, unchanged.Version);
        Assert.Equal(before.ScreenedHouseholds, unchanged.ScreenedHouseholds);

        var retried = await site.ApplyAsync(batch);
        var again = await site.ApplyAsync(batch);
        var after = await site.GetSummaryAsync();

        Assert.All(retried, r => Assert.Equal(ReportStatus.Accepted, r.Status));
        Assert.All(again, r => Assert.Equal(ReportStatus.Duplicate, r.Status));
        Assert.Equal(before.ScreenedHouseholds + 2, after.ScreenedHouseholds);
        Assert.Equal(before.Residents.Fever + 1, after.Residents.Fever);
        var history = await fixture.Journal.LoadAsync("440306017001-003", withSnapshot: false);
        Assert.Equal(["dur-1", "dur-2"], history.Records.Select(r => r.ReportId));
    }
}
