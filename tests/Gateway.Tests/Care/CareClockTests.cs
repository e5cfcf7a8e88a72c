using System.Text.Json;
using static Canvass.Gateway.Tests.Care.CareBodies;

namespace Canvass.Gateway.Tests.Care;

/// <summary>
/// The time rules of care through the real host on a fake clock (see <see cref="CareClockFixture"/>): checks due at
/// 08:00 and 16:00, missed two hours later, met late; care overdue past its deadline, escalated, cleared by delivery;
/// today's figures starting again at midnight. Each test walks a day of its own.
/// </summary>
[Collection(CareClockCollection.Name)]
public class CareClockTests(CareClockFixture host)
{
    private const string CheckedSite = "440309001003-001";
    private const string CaredSite = "440309001003-002";
    private static readonly string Community = CheckedSite[..12];

    [Fact]
    public async Task Checks_are_due_at_the_check_times_missed_after_the_grace_and_a_late_check_meets_them()
    {
        var morning = host.NextMorning();
        var id = $"clock-q-{morning:MMdd}";
        Assert.Equal(["accepted"], Statuses(await PostBatchAsync(host.Http, "/api/quarantines", Quarantine(id, CheckedSite, 1, morning, TimeSpan.FromDays(14), residents: 2))));

        var placed = await SiteAsync(CheckedSite);
        Assert.Equal(1, placed.GetProperty("quarantinedHouseholds").GetProperty("homeQuarantine").GetInt64());
        Assert.Equal((2, 0, 0), Checks(placed));

        // 08:20: the morning check, one resident with a fever, which is a finding at once.
        host.MoveTo(morning.AddHours(1).AddMinutes(30));
        Assert.Equal(["accepted"], Statuses(await PostBatchAsync(host.Http, "/api/health-checks", Check($"{id}-am", CheckedSite, 1, morning.AddHours(1).AddMinutes(20), "normal", "fever"))));
        Assert.Equal((2, 1, 0), Checks(await SiteAsync(CheckedSite)));
        var finding = (await AlertsAsync(CheckedSite)).Single(a => a.GetProperty("kind").GetString() == "finding");
        Assert.Equal(1, finding.GetProperty("household").GetInt32());

        // 18:01: nothing since the 16:00 check time, two hours of grace gone: missed, and an alert up to the community.
        host.MoveTo(morning.AddHours(11).AddMinutes(1));
        Assert.Equal((2, 1, 1), Checks(await SiteAsync(CheckedSite)));
        Assert.Contains(await AlertsAsync(CheckedSite), a => a.GetProperty("kind").GetString() == "checkMissed" && a.GetProperty("household").GetInt32() == 1);
        await Eventually.UntilAsync(async () => (await host.GetJsonAsync($"/api/units/{Community}")).GetProperty("checksMissed").GetInt32() >= 1, "the community to count the missed check");
        var behind = (await host.GetJsonAsync($"/api/units/{CheckedSite}/quarantines")).EnumerateArray().Single(q => q.GetProperty("quarantineId").GetString() == id);
        Assert.True(behind.GetProperty("checkMissed").GetBoolean());

        // 18:30: recorded late, it still meets the check: done, no longer missed, the alert cleared.
        host.MoveTo(morning.AddHours(11).AddMinutes(31));
        Assert.Equal(["accepted"], Statuses(await PostBatchAsync(host.Http, "/api/health-checks", Check($"{id}-pm", CheckedSite, 1, morning.AddHours(11).AddMinutes(30), "normal", "normal"))));
        Assert.Equal((2, 2, 0), Checks(await SiteAsync(CheckedSite)));
        Assert.DoesNotContain(await AlertsAsync(CheckedSite), a => a.GetProperty("kind").GetString() == "checkMissed");
        var late = (await host.GetJsonAsync($"/api/units/{CheckedSite}/quarantines")).EnumerateArray().Single(q => q.GetProperty("quarantineId").GetString() == id);
        Assert.False(late.GetProperty("checkMissed").GetBoolean());
        Assert.Equal(morning.AddHours(11).AddMinutes(30), late.GetProperty("lastCheckAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_request_past_its_deadline_is_overdue_escalates_unacknowledged_and_delivery_clears_it()
    {
        var morning = host.NextMorning();
        var id = $"clock-c-{morning:MMdd}";
        // Medicine: due within two hours (Care:Deadlines), by 09:00.
        Assert.Equal(["accepted"], Statuses(await PostBatchAsync(host.Http, "/api/care", Request(id, CaredSite, 4, "medicine", morning))));
        var requested = await SiteAsync(CaredSite);
        Assert.Equal((1, 0), (requested.GetProperty("careOpen").GetInt32(), requested.GetProperty("careOverdue").GetInt32()));

        host.MoveTo(morning.AddHours(2).AddMinutes(1));
        var overdue = await SiteAsync(CaredSite);
        Assert.Equal((1, 1), (overdue.GetProperty("careOpen").GetInt32(), overdue.GetProperty("careOverdue").GetInt32()));
        var alert = (await AlertsAsync(CaredSite)).Single(a => a.GetProperty("kind").GetString() == "careOverdue");
        Assert.Equal(0, alert.GetProperty("escalations").GetInt32());
        // The community lists the sites its summaries say have overdue care: once the site's change reached it.
        var listed = await Eventually.UntilAsync(() => host.GetJsonAsync($"/api/units/{Community}/care?state=overdue"), l => l.GetArrayLength() > 0, "the community to list the overdue request");
        Assert.Equal(CareIds.Format(CaredSite, id), listed.EnumerateArray().First().GetProperty("id").GetString());

        // An hour unacknowledged (Gaps:EscalateAfter): it escalates a level above its community.
        host.MoveTo(morning.AddHours(2).Add(CareClockFixture.EscalateAfter).AddMinutes(2));
        var escalated = (await AlertsAsync(CaredSite)).Single(a => a.GetProperty("kind").GetString() == "careOverdue");
        Assert.Equal(1, escalated.GetProperty("escalations").GetInt32());
        Assert.NotEqual(Community, escalated.GetProperty("reachedUnitId").GetString());

        // Delivered at 10:05, 185 minutes after the request: the overdue clears, the median is that bucket's middle.
        host.MoveTo(morning.AddHours(3).AddMinutes(6));
        var (status, delivered) = await StepAsync(host.Http, "care", CaredSite, id, "deliver", $$"""{"at":"{{Reports.At(morning.AddHours(3).AddMinutes(5))}}"}""");
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.Equal("delivered", delivered.GetProperty("state").GetString());
        var done = await SiteAsync(CaredSite);
        Assert.Equal((0, 0, 1), (done.GetProperty("careOpen").GetInt32(), done.GetProperty("careOverdue").GetInt32(), done.GetProperty("careDeliveredToday").GetInt32()));
        Assert.Equal(187.5, done.GetProperty("careDeliveryMedianMinutes").GetDouble());
        Assert.DoesNotContain(await AlertsAsync(CaredSite), a => a.GetProperty("kind").GetString() == "careOverdue");
        await Eventually.UntilAsync(async () =>
        {
            var community = await host.GetJsonAsync($"/api/units/{Community}");
            return community.GetProperty("careOverdue").GetInt32() == 0 && community.GetProperty("careDeliveredToday").GetInt32() >= 1;
        }, "the community to count the delivery");

        // After midnight, today's deliveries start again from none.
        host.MoveTo(morning.AddHours(17).AddMinutes(30));
        var tomorrow = await SiteAsync(CaredSite);
        Assert.Equal(0, tomorrow.GetProperty("careDeliveredToday").GetInt32());
        Assert.False(tomorrow.TryGetProperty("careDeliveryMedianMinutes", out var median) && median.ValueKind == JsonValueKind.Number);
    }

    private Task<JsonElement> SiteAsync(string site) => host.GetJsonAsync($"/api/units/{site}");

    private async Task<JsonElement[]> AlertsAsync(string site) => [.. (await host.GetJsonAsync($"/api/units/{site}/alerts")).EnumerateArray()];

    private static (int Due, int Done, int Missed) Checks(JsonElement summary) =>
        (summary.GetProperty("checksDueToday").GetInt32(), summary.GetProperty("checksDone").GetInt32(), summary.GetProperty("checksMissed").GetInt32());
}
