using System.Text.Json;

namespace Canvass.Client.Tests;

/// <summary>
/// The contract's types, every member filled, through the server's JSON options (the gateway's, with its generated
/// metadata) and the client's (the contract's own): what the server writes, the client reads and writes back
/// unchanged. This covers what the running server cannot show on demand (a published case-places list, an
/// acknowledged finding with its household).
/// </summary>
public class ModelContractTests
{
    private static readonly JsonSerializerOptions ServerJson = Canvass.Gateway.Hosting.WireJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));
    private static readonly DateTimeOffset At = new(2020, 2, 3, 10, 15, 0, TimeSpan.FromHours(8));

    public static TheoryData<string> Cases => [.. Samples.Keys];

    private static Dictionary<string, (object Server, Type Client)> Samples => new()
    {
        ["site summary"] = (Summary("440304005001-007", "site", "compound"), typeof(UnitSummary)),
        ["aggregate summary"] = (Summary("440304005001", "community", null), typeof(UnitSummary)),
        ["alert"] = (Alert(acknowledged: true, household: 12), typeof(GapAlert)),
        ["alert of a whole site"] = (Alert(acknowledged: false, household: null), typeof(GapAlert)),
        ["history point"] = (new UnitHistoryPoint(At, Summary("4403", "city", null)), typeof(UnitHistoryPoint)),
        ["case-places list"] = (CasePlaces(), typeof(CasePlacesList)),
        ["ingest reply"] = (new IngestResult(1, 1, 1,
        [
            new(Status: ReportStatus.Accepted, ReportId: "r-1"),
            new(Status: ReportStatus.Duplicate, ReportId: "r-1"),
            new(Status: ReportStatus.Rejected, ReportId: "r-2", Error: "household 0 is outside 1..584"),
        ]), typeof(IngestResult)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void What_the_server_writes_the_client_reads_and_writes_back_unchanged(string sample)
    {
        var (server, clientType) = Samples[sample];
        var wire = JsonSerializer.SerializeToElement(server, server.GetType(), ServerJson);

        var read = wire.Deserialize(clientType, WireJsonOptions.Default);
        var written = JsonSerializer.SerializeToElement(read, clientType, WireJsonOptions.Default);

        Assert.True(JsonElement.DeepEquals(wire, written), $"server: {wire}\nclient: {written}");
    }

    [Fact]
    public void A_summary_and_an_alert_are_the_JSON_the_API_documents_member_for_member()
    {
        // The text the server wrote before the contract had its own assembly: both sides must still write exactly it.
        var summary = Summary("440304005001-007", "site", "compound") with { Name = "Futian", ParentId = "440304005001" };
        var alert = Alert(acknowledged: true, household: 12) with { SiteName = "Jinse Jiayuan" };
        const string SummaryJson = """{"id":"440304005001-007","name":"Futian","level":"site","parentId":"440304005001","kind":"compound","registeredHouseholds":5210,"screenedHouseholds":4377,"absentHouseholds":120,"refusedHouseholds":8,"coverage":0.8401,"residents":{"normal":11020,"fever":3,"keyAreaObservation":41,"homeQuarantine":57,"centralQuarantine":2,"suspected":1,"confirmed":4},"lastReportAt":"2020-02-03T10:15:00+08:00","sites":9,"staleSites":1,"version":77791232,"closedSites":8,"unstaffedSites":1,"temperatureChecksLastHour":3120,"openAlerts":3,"unacknowledgedAlerts":2,"escalatedAlerts":1,"quarantinedHouseholds":{"homeQuarantine":12,"keyAreaObservation":7},"quarantinesEndingToday":2,"quarantinesOverdue":1,"checksDueToday":38,"checksDone":30,"checksMissed":3,"careOpen":5,"careOverdue":1,"careDeliveredToday":9,"careDeliveryMedianMinutes":42.5}""";
        const string AlertJson = """{"id":"440304005001-007:finding:12:1580695200000","siteId":"440304005001-007","siteName":"Jinse Jiayuan","communityId":"440304005001","kind":"finding","raisedAt":"2020-02-03T10:15:00+08:00","household":12,"detail":"household 12: 1 fever, 0 suspected; no follow-up report within 12 h","escalations":1,"reachedUnitId":"440304005","acknowledgement":{"by":"Li Wei","note":"team sent","at":"2020-02-03T11:15:00+08:00","subject":null}}""";

        Assert.Equal(SummaryJson, JsonSerializer.Serialize(summary, ServerJson));
        Assert.Equal(SummaryJson, JsonSerializer.Serialize(summary, WireJsonOptions.Default));
        Assert.Equal(AlertJson, JsonSerializer.Serialize(alert, ServerJson));
        Assert.Equal(AlertJson, JsonSerializer.Serialize(alert, WireJsonOptions.Default));
    }

    [Fact]
    public void Reports_the_client_writes_are_the_JSON_the_server_takes()
    {
        var report = ScreeningReport.Screened("r-1", "440304005021-001", 17, At, "w-88", ResidentStatus.Normal, ResidentStatus.KeyAreaObservation);

        var json = JsonSerializer.Serialize(report, WireJsonOptions.Default);

        Assert.Equal("""{"reportId":"r-1","siteId":"440304005021-001","household":17,"screenedAt":"2020-02-03T10:15:00+08:00","screenerId":"w-88","outcome":"screened","residents":[{"status":"normal"},{"status":"keyAreaObservation"}]}""", json);
        var parsed = JsonSerializer.Deserialize<Canvass.Gateway.Ingest.ReportDto>(json, ServerJson)!;
        Assert.Equal(("r-1", 17, 2), (parsed.ReportId, parsed.Household, parsed.Residents!.Count));
    }

    [Fact]
    public void A_gap_kind_from_a_newer_server_reads_as_Unknown_instead_of_failing_the_list()
    {
        var wire = JsonSerializer.SerializeToElement(Alert(acknowledged: false, household: null), ServerJson).ToString().Replace("\"checkpointOpen\"", "\"curfewBroken\"", StringComparison.Ordinal);

        var alert = JsonSerializer.Deserialize<GapAlert>(wire, WireJsonOptions.Default)!;

        Assert.Equal(GapKind.Unknown, alert.Kind);
    }

    private static UnitSummary Summary(string id, string level, string? kind) => new()
    {
        Id = id,
        Name = "福田区",
        Level = level,
        ParentId = id == "4403" ? null : id[..^3],
        Kind = kind,
        RegisteredHouseholds = 5210,
        ScreenedHouseholds = 4377,
        AbsentHouseholds = 120,
        RefusedHouseholds = 8,
        Residents = new ResidentCounts(11020, 3, 41, 57, 2, 1, 4),
        LastReportAt = At,
        Sites = 9,
        StaleSites = 1,
        Version = 77_791_232,
        ClosedSites = 8,
        UnstaffedSites = 1,
        TemperatureChecksLastHour = 3120,
        OpenAlerts = 3,
        UnacknowledgedAlerts = 2,
        EscalatedAlerts = 1,
        QuarantinedHouseholds = new QuarantineCounts(12, 7),
        QuarantinesEndingToday = 2,
        QuarantinesOverdue = 1,
        ChecksDueToday = 38,
        ChecksDone = 30,
        ChecksMissed = 3,
        CareOpen = 5,
        CareOverdue = 1,
        CareDeliveredToday = 9,
        CareDeliveryMedianMinutes = 42.5,
    };

    private static GapAlert Alert(bool acknowledged, int? household) => new()
    {
        Id = "440304005001-007:finding:12:1580695200000",
        SiteId = "440304005001-007",
        SiteName = "金色家园",
        CommunityId = "440304005001",
        Kind = household is null ? GapKind.CheckpointOpen : GapKind.Finding,
        RaisedAt = At,
        Household = household,
        Detail = "household 12: 1 fever, 0 suspected; no follow-up report within 12 h",
        Escalations = 1,
        ReachedUnitId = "440304005",
        Acknowledgement = acknowledged ? new AlertAcknowledgement("Li Wei", "team sent", At.AddHours(1)) : null,
    };

    private static CasePlacesList CasePlaces()
    {
        var place = new CasePlace("440304005001-007", "金色家园", "compound", ["沙头社区", "沙头街道", "福田区"]);
        var village = new CasePlace("440304005002-001", "上沙村", "urbanVillage", ["上沙社区", "沙头街道", "福田区"]);
        var cutOff = new DateTimeOffset(2020, 2, 3, 14, 0, 0, TimeSpan.FromHours(8));
        return new CasePlacesList(new DateOnly(2020, 2, 2), cutOff, cutOff.AddSeconds(3), [place],
            [new CasePlacesCorrection(cutOff.AddDays(1), cutOff.AddDays(1), [village], [place])]);
    }
}
