using System.Net;
using System.Text.Json;
using static Canvass.Client.Tests.CanvassSubscriptionTests;

namespace Canvass.Client.Tests;

/// <summary>The REST side of the client against the real server: each typed read written back as JSON is what the server sent.</summary>
[Collection(HostCollection.Name)]
public class CanvassClientTests(HostFixture host)
{
    private const string Community = "440308403498";
    private const string Site = "440308403498-001";

    [Fact]
    public async Task Typed_reads_hold_every_member_of_the_servers_JSON()
    {
        await using var client = new CanvassClient(host.BaseAddress, host.Options());
        await client.PostReportsAsync([Report("read-1", Site, 1, ResidentStatus.Normal, ResidentStatus.Fever, ResidentStatus.KeyAreaObservation)]);
        await client.PostCheckpointsAsync([new CheckpointReport("read-2", Site, DateTimeOffset.UtcNow.AddSeconds(-1), Closed: false, Staffed: false, TemperatureChecks: 12)]);
        await Wait.UntilAsync(async () => (await client.GetAlertsAsync(Site)).Count == 2 && (await client.GetUnitAsync(Community)).OpenAlerts >= 2);
        await Wait.UntilAsync(async () => (await client.GetHistoryAsync(Site)).Count > 0);

        await AssertSameAsServerAsync($"/api/units/{Site}", () => client.GetUnitAsync(Site));
        await AssertSameAsServerAsync($"/api/units/{Community}", () => client.GetUnitAsync(Community));
        await AssertSameAsServerAsync("/api/registry/root", () => client.GetRootAsync());
        await AssertSameAsServerAsync($"/api/units/{Community}/children", () => client.GetChildrenAsync(Community));
        await AssertSameAsServerAsync($"/api/units/{Community}/gaps?limit=3", () => client.GetGapsAsync(Community, 3));
        await AssertSameAsServerAsync($"/api/units/{Community}/alerts", () => client.GetAlertsAsync(Community));
        await AssertSameAsServerAsync($"/api/units/{Site}/history", () => client.GetHistoryAsync(Site));
        await AssertSameAsServerAsync($"/api/units/{Site}/history?asReceived=true", () => client.GetHistoryAsync(Site, asReceived: true));

        var site = await client.GetUnitAsync(Site);
        Assert.Equal(("site", "compound", Community), (site.Level, site.Kind, site.ParentId));
        Assert.Equal((1, 1, 1), (site.Residents.Normal, site.Residents.Fever, site.Residents.KeyAreaObservation));
        Assert.Equal((0, 1, 12), (site.ClosedSites, site.UnstaffedSites, site.TemperatureChecksLastHour));
        var alerts = (await client.GetAlertsAsync(Community)).Where(a => a.SiteId == Site);
        Assert.Equal([GapKind.CheckpointOpen, GapKind.CheckpointUnstaffed], alerts.Select(a => a.Kind).Order());
        var point = await client.GetHistoryAtAsync(Site, DateTimeOffset.UtcNow);
        Assert.Equal(Site, point.Summary.Id);
        Assert.True(point.Provisional);
        Assert.False((await client.GetHistoryAtAsync(Site, DateTimeOffset.UtcNow, asReceived: true)).Provisional);
    }

    [Fact]
    public async Task An_acknowledgement_comes_back_with_who_and_when_and_a_second_is_a_409_problem_carrying_the_alert()
    {
        const string site = "440308403498-002";
        await using var client = new CanvassClient(host.BaseAddress, host.Options());
        await client.PostCheckpointsAsync([new CheckpointReport("ack-1", site, DateTimeOffset.UtcNow.AddSeconds(-1), Closed: false, Staffed: true, TemperatureChecks: 1)]);
        GapAlert? alert = null;
        await Wait.UntilAsync(async () => (alert = (await client.GetAlertsAsync(site)).FirstOrDefault()) is not null);

        var acknowledged = await client.AcknowledgeAsync(alert!.Id, "Li Wei", "team sent");

        Assert.Equal(alert.Id, acknowledged.Id);
        Assert.Equal(("Li Wei", "team sent"), (acknowledged.Acknowledgement!.By, acknowledged.Acknowledgement.Note));
        Assert.True(DateTimeOffset.UtcNow - acknowledged.Acknowledgement.At < TimeSpan.FromMinutes(1));
        var again = await Assert.ThrowsAsync<CanvassApiException>(() => client.AcknowledgeAsync(alert.Id, "Zhang Min", "again"));
        Assert.Equal((HttpStatusCode.Conflict, "Already acknowledged"), (again.Status, again.Title));
        Assert.Contains("Li Wei", again.Detail);
        Assert.True(again.TryGetExtension<GapAlert>("alert", out var held));
        Assert.Equal("Li Wei", held!.Acknowledgement!.By);
    }

    [Fact]
    public async Task Problems_become_CanvassApiException_with_status_title_and_detail()
    {
        await using var client = new CanvassClient(host.BaseAddress, host.Options());

        var unknown = await Assert.ThrowsAsync<CanvassApiException>(() => client.GetUnitAsync("9999"));
        Assert.Equal((HttpStatusCode.NotFound, "Unknown unit"), (unknown.Status, unknown.Title));
        Assert.Contains("'9999' is not in the registry", unknown.Detail);
        Assert.StartsWith("404 Unknown unit: ", unknown.Message);

        var badLimit = await Assert.ThrowsAsync<CanvassApiException>(() => client.GetAlertsAsync(Community, limit: 0));
        Assert.Equal((HttpStatusCode.BadRequest, "Invalid query"), (badLimit.Status, badLimit.Title));

        var unknownAlert = await Assert.ThrowsAsync<CanvassApiException>(() => client.AcknowledgeAsync($"{Site}:stale:0:1", "Li Wei", "gone"));
        Assert.Equal((HttpStatusCode.NotFound, "Unknown alert"), (unknownAlert.Status, unknownAlert.Title));

        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(1);
        var notPublished = await Assert.ThrowsAsync<CanvassApiException>(() => client.GetPublishedCasePlacesAsync(tomorrow));
        Assert.Equal((HttpStatusCode.NotFound, "Not published"), (notPublished.Status, notPublished.Title));

        var badRange = await Assert.ThrowsAsync<CanvassApiException>(() => client.GetHistoryAsync(Site, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(-1)));
        Assert.Equal(HttpStatusCode.BadRequest, badRange.Status);
    }

    [Fact]
    public async Task Posted_batches_answer_with_one_typed_result_per_report()
    {
        const string site = "440308403498-003";
        await using var client = new CanvassClient(host.BaseAddress, host.Options());

        var reply = await client.PostReportsAsync(
        [
            Report("post-1", site, 1, ResidentStatus.Normal),
            Report("post-1", site, 1, ResidentStatus.Normal),
            Report("post-2", site, 99_999, ResidentStatus.Normal),
            new ScreeningReport { ReportId = "post-3", SiteId = site, Household = 2, ScreenedAt = DateTimeOffset.UtcNow.AddSeconds(-1), ScreenerId = "w-88", Outcome = ScreeningOutcome.Absent },
        ]);

        Assert.Equal((2, 1, 1), (reply.Accepted, reply.Duplicates, reply.Rejected));
        Assert.Equal([ReportStatus.Accepted, ReportStatus.Duplicate, ReportStatus.Rejected, ReportStatus.Accepted], reply.Results.Select(r => r.Status));
        Assert.Contains("household", reply.Results[2].Error);
        var checkpoints = await client.PostCheckpointsAsync([new CheckpointReport("post-4", site, DateTimeOffset.UtcNow.AddSeconds(-1), Closed: true, Staffed: true, TemperatureChecks: 2_000_000)]);
        Assert.Equal(ReportStatus.Rejected, Assert.Single(checkpoints.Results).Status);
        Assert.Equal((1, 1), ((await client.GetUnitAsync(site)).ScreenedHouseholds, (await client.GetUnitAsync(site)).AbsentHouseholds));
    }

    /// <summary>
    /// The typed read, written back with the client's options, equals the server's JSON member for member. Reads
    /// again until two raw reads agree, so that a flush landing between them does not fail the comparison.
    /// </summary>
    private async Task AssertSameAsServerAsync<T>(string path, Func<Task<T>> read)
    {
        for (var attempt = 0; ; attempt++)
        {
            var before = await host.GetJsonAsync(path);
            var typed = await read();
            var after = await host.GetJsonAsync(path);
            if (!JsonElement.DeepEquals(before, after) && attempt < 5)
            {
                continue;
            }

            var written = JsonSerializer.SerializeToElement(typed, WireJsonOptions.Default);
            Assert.True(JsonElement.DeepEquals(after, written), $"{path}\nserver: {after}\nclient: {written}");
            return;
        }
    }
}
