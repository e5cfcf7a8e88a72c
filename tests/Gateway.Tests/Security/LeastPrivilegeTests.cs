using System.Net;
using System.Text;
using System.Text.Json;
using Canvass.Gateway.Auth;
using Canvass.Gateway.Tests.Auth;
using Canvass.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Canvass.Gateway.Tests.Security;

/// <summary>
/// Least privilege and honest audit through the real host: display and partner see no single household, an
/// acknowledgement records the token's subject beside the name given, and the journal records who submitted each
/// report and checkpoint. (That /households is 403 for display and partner is in the role × scope matrix.)
/// </summary>
[Collection(AuthHostCollection.Name)]
public class LeastPrivilegeTests(AuthHostFixture host)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_finding_names_a_household_so_display_and_partner_lists_leave_it_out_and_keep_the_rest()
    {
        var site = Site(5);
        using var screener = host.Client(host.Token(Roles.Screener, AuthHostFixture.Scope, "w-sec-finding"));
        // Fever found 13 hours ago with no follow-up: a finding at once (Gaps:FollowUpPeriod is 12 h).
        var report = Reports.Screened("lp-finding-1", site, 3, "fever");
        report["screenedAt"] = Reports.At(DateTimeOffset.UtcNow.AddHours(-13));
        (await screener.PostAsync("/api/reports", Json(Reports.Json(report)))).EnsureSuccessStatusCode();
        (await screener.PostAsync("/api/checkpoints", Json(Checkpoint("lp-cp-1", site, staffed: false)))).EnsureSuccessStatusCode();

        var supervisor = await AlertsAsync(Roles.Supervisor, site, list => list.Any(IsFinding) && list.Any(IsUnstaffed));
        Assert.Equal(3, supervisor.First(IsFinding).GetProperty("household").GetInt32());
        foreach (var role in new[] { Roles.Display, Roles.Partner })
        {
            var alerts = await AlertsAsync(role, site, list => list.Any(IsUnstaffed));
            Assert.DoesNotContain(alerts, IsFinding);
            Assert.All(alerts, a => Assert.False(a.TryGetProperty("household", out _)));
            // The aggregate still counts it.
            using var reader = host.Client(host.Token(role, AuthHostFixture.Scope));
            var summary = JsonDocument.Parse(await reader.GetStringAsync($"/api/units/{site}")).RootElement;
            Assert.True(summary.GetProperty("openAlerts").GetInt32() >= 2);
        }

        // And the community's list above it, too.
        var community = site[..site.LastIndexOf('-')];
        Assert.DoesNotContain(await AlertsAsync(Roles.Display, community, list => list.Any(IsUnstaffed)), IsFinding);
        Assert.Contains(await AlertsAsync(Roles.Supervisor, community, list => list.Any(IsFinding)), IsFinding);
    }

    [Fact]
    public async Task An_acknowledgement_records_the_tokens_subject_beside_the_name_the_body_gave()
    {
        var site = Site(6);
        (await host.Http.PostAsync("/api/checkpoints", Json(Checkpoint("lp-cp-ack", site, staffed: false)))).EnsureSuccessStatusCode();
        var alert = (await AlertsAsync(Roles.Supervisor, site, list => list.Any(IsUnstaffed))).First(IsUnstaffed);
        using var supervisor = host.Client(host.Token(Roles.Supervisor, AuthHostFixture.Scope, "sup-sec-7"));

        using var acked = await supervisor.PostAsync($"/api/alerts/{Uri.EscapeDataString(alert.GetProperty("id").GetString()!)}/ack",
            Json("""{"by":"Somebody Else","note":"team sent"}"""));
        var acknowledgement = JsonDocument.Parse(await acked.Content.ReadAsStringAsync()).RootElement.GetProperty("acknowledgement");

        Assert.Equal(HttpStatusCode.OK, acked.StatusCode);
        Assert.Equal("Somebody Else", acknowledgement.GetProperty("by").GetString());
        Assert.Equal("sup-sec-7", acknowledgement.GetProperty("subject").GetString());
        var listed = (await AlertsAsync(Roles.Display, site, list => list.Any(IsUnstaffed))).First(IsUnstaffed).GetProperty("acknowledgement");
        Assert.Equal(("Somebody Else", "sup-sec-7"), (listed.GetProperty("by").GetString(), listed.GetProperty("subject").GetString()));
        var record = (await RecordsAsync(site)).Last(r => r.Kind == 2);
        Assert.Equal(("Somebody Else", "sup-sec-7"), (record.ScreenerId, record.SubmittedBy));
    }

    [Fact]
    public async Task Every_report_and_checkpoint_is_journaled_with_the_subject_that_submitted_it()
    {
        var site = Site(7);
        using var screener = host.Client(host.Token(Roles.Screener, AuthHostFixture.Scope, "w-sec-42"));
        // The body's screenerId says one thing; the token says who sent it.
        (await screener.PostAsync("/api/reports", Json(Reports.Json(Reports.Screened("lp-r-1", site, 1, "normal"), Reports.Screened("lp-r-2", site, 2, "normal"))))).EnsureSuccessStatusCode();
        (await screener.PostAsync("/api/checkpoints", Json(Checkpoint("lp-c-1", site, staffed: true)))).EnsureSuccessStatusCode();
        (await host.Http.PostAsync("/api/reports", Json(Reports.Json(Reports.Screened("lp-r-3", site, 3, "normal"))))).EnsureSuccessStatusCode();

        var records = (await RecordsAsync(site)).ToDictionary(r => r.ReportId);

        Assert.Equal(("w-88", "w-sec-42"), (records["lp-r-1"].ScreenerId, records["lp-r-1"].SubmittedBy));
        Assert.Equal("w-sec-42", records["lp-r-2"].SubmittedBy);
        Assert.Equal("w-sec-42", records["lp-c-1"].SubmittedBy);
        Assert.Equal("test-admin", records["lp-r-3"].SubmittedBy);
    }

    private string Site(int index) => host.Registry.Sites.Where(s => s.Id.StartsWith(AuthHostFixture.Scope, StringComparison.Ordinal)).ElementAt(index).Id;

    private async Task<IReadOnlyList<JournalRecord>> RecordsAsync(string site) =>
        (await host.Services.GetRequiredService<ISiteJournal>().LoadAsync(site, withSnapshot: false)).Records;

    private static bool IsFinding(JsonElement alert) => alert.GetProperty("kind").GetString() == "finding";

    private static bool IsUnstaffed(JsonElement alert) => alert.GetProperty("kind").GetString() == "checkpointUnstaffed";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Checkpoint(string id, string site, bool staffed) => JsonSerializer.Serialize(new[]
    {
        new Dictionary<string, object?> { ["reportId"] = id, ["siteId"] = site, ["at"] = Reports.At(DateTimeOffset.UtcNow.AddSeconds(-1)), ["closed"] = true, ["staffed"] = staffed, ["temperatureChecks"] = 5 },
    });

    /// <summary>The unit's alert list as a token of <paramref name="role"/> reads it, once it satisfies <paramref name="until"/>.</summary>
    private async Task<JsonElement[]> AlertsAsync(string role, string unit, Func<JsonElement[], bool> until)
    {
        using var client = host.Client(host.Token(role, AuthHostFixture.Scope));
        return await Eventually.UntilAsync(async () =>
        {
            using var response = await client.GetAsync($"/api/units/{unit}/alerts");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Select(a => a.Clone()).ToArray();
        }, until, $"the alerts of {unit} for {role} to become what the test waits for", Patience);
    }
}
