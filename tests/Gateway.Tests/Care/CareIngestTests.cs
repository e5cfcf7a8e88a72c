using System.Net;
using System.Text;
using System.Text.Json;
using static Canvass.Gateway.Tests.Care.CareBodies;

namespace Canvass.Gateway.Tests.Care;

/// <summary>The three care batches (quarantines, health checks, care requests) through the real host: named errors, NDJSON, idempotent ids.</summary>
[Collection(EmbeddedHostCollection.Name)]
public class CareIngestTests(EmbeddedHostFixture host)
{
    // Sites of Huanggang community (Futian) that no other test of this host writes to.
    private const string Refused = "440309001002-001";
    private const string Batches = "440309001002-002";

    [Fact]
    public async Task Bad_input_is_refused_item_by_item_with_a_named_error_and_changes_nothing()
    {
        var now = DateTimeOffset.UtcNow.AddMinutes(-1);
        var before = await host.GetJsonAsync($"/api/units/{Refused}");
        var longNote = new string('x', 201);

        var quarantines = await PostBatchAsync(host.Http, "/api/quarantines",
            Quarantine("", Refused, 1, now, TimeSpan.FromDays(14)),
            Quarantine("bad-q-2", Refused, 0, now, TimeSpan.FromDays(14)),
            Quarantine("bad-q-3", Refused, 1, now, TimeSpan.FromDays(14), kind: "centralQuarantine"),
            Quarantine("bad-q-4", Refused, 1, now, TimeSpan.FromHours(-1)),
            Quarantine("bad-q-5", Refused, 1, now, TimeSpan.FromDays(14), residents: 0),
            Quarantine("bad-q-6", Refused, 1, now.AddHours(1), TimeSpan.FromDays(14)),
            Quarantine("bad-q-7", "440309001002", 1, now, TimeSpan.FromDays(14)));
        var checks = await PostBatchAsync(host.Http, "/api/health-checks",
            Check("", Refused, 1, now, "normal"),
            Check("bad-k-2", Refused, 1, now),
            Check("bad-k-3", Refused, 1, now, "cough"),
            new Dictionary<string, object?> { ["checkId"] = "bad-k-4", ["siteId"] = Refused, ["household"] = 1, ["at"] = Reports.At(now), ["readings"] = new[] { new { status = "fever", temperature = 45.2 } } },
            Check("bad-k-5", Refused, 1, now.AddDays(-400), "normal"));
        var care = await PostBatchAsync(host.Http, "/api/care",
            Request("", Refused, 1, "water"),
            Request("bad-c-2", Refused, 1, "flowers"),
            Request("bad-c-3", Refused, 1, "medicine", note: longNote),
            Request("bad-c-4", Refused, 1, "medicine", note: "call\u0007me"),
            Request("bad-c-5", Refused, 1, "medicine", requestedAt: now.AddHours(2)),
            Request("bad-c-6", Refused, 99_999, "water"));

        Assert.All([quarantines, checks, care], reply => Assert.Equal(0, reply.GetProperty("accepted").GetInt32()));
        var site = await host.GetJsonAsync($"/api/units/{Refused}");
        var households = site.GetProperty("registeredHouseholds").GetInt64();
        var q = Errors(quarantines);
        Assert.Equal("quarantineId is required.", q[0]);
        Assert.Equal($"household 0 is outside 1..{households}, the registered households of site {Refused}.", q[1]);
        Assert.Equal("kind 'centralQuarantine' is not one of homeQuarantine, keyAreaObservation.", q[2]);
        Assert.Matches("^plannedEnd .+ is not after start .+\\.$", q[3]);
        Assert.Equal("residents 0 is outside 1..255.", q[4]);
        Assert.Matches("^start .+ is more than 5 minutes in the future", q[5]);
        Assert.Equal("site '440309001002' is not a site of the registry.", q[6]);
        Assert.Equal<string?>(
        [
            "checkId is required.",
            "readings is required: one entry per resident checked.",
            "readings[0].status 'cough' is not one of normal, fever.",
            "readings[0].temperature 45.2 is outside 34..43 °C.",
        ], Errors(checks)[..4].ToList());
        Assert.StartsWith("at ", Errors(checks)[4]);
        Assert.Contains("the earliest this deployment accepts", Errors(checks)[4]);
        Assert.Equal<string?>(
        [
            "careId is required.",
            "category 'flowers' is not one of groceries, water, medicine, parcel, takeaway, waste, other.",
            "note is longer than 200 characters.",
            "note contains a control character.",
        ], Errors(care)[..4].ToList());
        Assert.StartsWith("requestedAt ", Errors(care)[4]);
        Assert.StartsWith("household 99999 is outside", Errors(care)[5]);

        // Nothing reached the site: its version and every care figure are as before.
        Assert.Equal(before.GetProperty("version").GetInt64(), site.GetProperty("version").GetInt64());
        foreach (var figure in new[] { "quarantinedHouseholds", "checksDueToday", "checksDone", "careOpen", "careOverdue" })
        {
            Assert.Equal(before.GetProperty(figure).GetRawText(), site.GetProperty(figure).GetRawText());
        }
    }

    [Fact]
    public async Task A_batch_as_ndjson_is_applied_and_sent_again_is_all_duplicates()
    {
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        var ndjson = string.Join('\n', new[]
        {
            Request("nd-c-1", Batches, 3, "groceries", now, "rice and eggs"),
            Request("nd-c-2", Batches, 4, "parcel"),
        }.Select(r => JsonSerializer.Serialize(r))) + "\n";

        async Task<JsonElement> PostAsync()
        {
            using var response = await host.Http.PostAsync("/api/care", new StringContent(ndjson, Encoding.UTF8, "application/x-ndjson"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }

        var first = await PostAsync();
        var again = await PostAsync();

        Assert.Equal(["accepted", "accepted"], Statuses(first));
        Assert.Equal(["duplicate", "duplicate"], Statuses(again));
        Assert.Equal(["nd-c-1", "nd-c-2"], first.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("reportId").GetString()));
        // The id the request's own routes take, in the first reply and in the duplicates' too.
        string[] pathIds = [CareIds.Format(Batches, "nd-c-1"), CareIds.Format(Batches, "nd-c-2")];
        Assert.Equal(pathIds, first.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(pathIds, again.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        var open = await host.GetJsonAsync($"/api/units/{Batches}/care?state=open");
        Assert.Equal([CareIds.Format(Batches, "nd-c-1"), CareIds.Format(Batches, "nd-c-2")], open.EnumerateArray().Select(r => r.GetProperty("id").GetString()).Order());
        Assert.Equal(2, (await host.GetJsonAsync($"/api/units/{Batches}")).GetProperty("careOpen").GetInt32());
    }
}
