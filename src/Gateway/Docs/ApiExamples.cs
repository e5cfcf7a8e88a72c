using Canvass.Abstractions.CasePlaces;
using Canvass.Abstractions.Gaps;
using Canvass.Abstractions.History;
using Canvass.Abstractions.Screening;
using Canvass.Abstractions.Units;
using Canvass.Abstractions.Webhooks;
using Canvass.Contracts.Reports;
using ReportResult = Canvass.Contracts.Reports.ReportResult;
using Canvass.Gateway.Apis;
using Canvass.Gateway.Ingest;

namespace Canvass.Gateway.Docs;

/// <summary>
/// Examples for the OpenAPI document, as typed values so that they serialize exactly as the API's answers do. The
/// units are real (Futian district, Shatou subdistrict, Xinsha community and its compounds); the figures are
/// plausible for a morning of screening in February 2020.
/// </summary>
internal static class ApiExamples
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public const string CommunityId = "440304005021";
    public const string SiteId = "440304005021-001";
    public const string UnknownUnitId = "440304005099";
    public const string AlertId = "440304005021-005:finding:12:1580695200000";
    public const string WebhookId = "wh-5f0c2a9e41b7d3086ce1f4a2";

    public static DateTimeOffset At(int day, int hour, int minute = 0) => new(2020, 2, day, hour, minute, 0, Beijing);

    /// <summary>Shenzhen, the root of the registry: 6,568 sites, 4,816,438 registered households.</summary>
    public static UnitSummary City { get; } = new()
    {
        Id = "4403",
        Name = "深圳市",
        Level = "city",
        RegisteredHouseholds = 4816438,
        ScreenedHouseholds = 3702114,
        AbsentHouseholds = 96310,
        RefusedHouseholds = 4127,
        Residents = new ResidentCounts(9310552, 412, 18230, 40118, 1240, 96, 12),
        LastReportAt = At(3, 10, 15),
        Sites = 6568,
        StaleSites = 329,
        Version = 912873460,
        ClosedSites = 6021,
        UnstaffedSites = 131,
        TemperatureChecksLastHour = 2874301,
        OpenAlerts = 688,
        UnacknowledgedAlerts = 402,
        EscalatedAlerts = 57,
        QuarantinedHouseholds = new QuarantineCounts(21870, 12960), QuarantinesEndingToday = 1204, QuarantinesOverdue = 96,
        ChecksDueToday = 69660, ChecksDone = 66102, ChecksMissed = 2208, CareOpen = 8121, CareOverdue = 611, CareDeliveredToday = 19342, CareDeliveryMedianMinutes = 97.5,
    };

    /// <summary>Xinsha community (新沙社区), Shatou subdistrict, Futian district.</summary>
    public static UnitSummary Community { get; } = new()
    {
        Id = CommunityId,
        Name = "新沙社区居委会",
        Level = "community",
        ParentId = "440304005",
        RegisteredHouseholds = 5459,
        ScreenedHouseholds = 4377,
        AbsentHouseholds = 120,
        RefusedHouseholds = 8,
        Residents = new ResidentCounts(11020, 3, 41, 57, 2, 1, 0),
        LastReportAt = At(3, 10, 15),
        Sites = 5,
        StaleSites = 1,
        Version = 77791232,
        ClosedSites = 4,
        UnstaffedSites = 1,
        TemperatureChecksLastHour = 3120,
        OpenAlerts = 3,
        UnacknowledgedAlerts = 2,
        EscalatedAlerts = 1,
        QuarantinedHouseholds = new QuarantineCounts(31, 20), QuarantinesEndingToday = 2, QuarantinesOverdue = 0,
        ChecksDueToday = 102, ChecksDone = 97, ChecksMissed = 3, CareOpen = 9, CareOverdue = 1, CareDeliveredToday = 26, CareDeliveryMedianMinutes = 82.5,
    };

    /// <summary>Yaju Shanzhuang (雅居山庄), a compound of Xinsha community.</summary>
    public static UnitSummary Site { get; } = new()
    {
        Id = SiteId,
        Name = "雅居山庄",
        Level = UnitLevels.Site,
        ParentId = CommunityId,
        Kind = "compound",
        RegisteredHouseholds = 614,
        ScreenedHouseholds = 571,
        AbsentHouseholds = 12,
        RefusedHouseholds = 1,
        Residents = new ResidentCounts(1489, 1, 6, 9, 0, 0, 0),
        LastReportAt = At(3, 10, 12),
        Sites = 1,
        StaleSites = 0,
        Version = 9211,
        ClosedSites = 1,
        UnstaffedSites = 0,
        TemperatureChecksLastHour = 420,
        OpenAlerts = 0,
        UnacknowledgedAlerts = 0,
        EscalatedAlerts = 0,
        QuarantinedHouseholds = new QuarantineCounts(3, 2), QuarantinesEndingToday = 0, QuarantinesOverdue = 0,
        ChecksDueToday = 10, ChecksDone = 10, ChecksMissed = 0, CareOpen = 2, CareOverdue = 0, CareDeliveredToday = 4, CareDeliveryMedianMinutes = 52.5,
    };

    /// <summary>Xinsha old village (新沙老村), an urban village of the same community, gone quiet.</summary>
    public static UnitSummary StaleSite { get; } = Site with
    {
        Id = "440304005021-005",
        Name = "新沙老村",
        Kind = "urbanVillage",
        RegisteredHouseholds = 3235,
        ScreenedHouseholds = 2180,
        AbsentHouseholds = 97,
        RefusedHouseholds = 6,
        Residents = new ResidentCounts(6120, 2, 30, 41, 2, 1, 0),
        LastReportAt = At(2, 9, 40),
        StaleSites = 1,
        Version = 48127,
        UnstaffedSites = 1,
        TemperatureChecksLastHour = 0,
        OpenAlerts = 3,
        UnacknowledgedAlerts = 2,
        EscalatedAlerts = 1,
    };

    public static UnitSummary[] Children { get; } = [Site, StaleSite];

    public static UnitSummary[] Gaps { get; } = [StaleSite, Site];

    public static HouseholdStatus[] Households { get; } =
    [
        new(1, ScreeningOutcome.Screened, At(3, 9, 5), new ResidentCounts(3, 0, 0, 0, 0, 0, 0)),
        new(2, ScreeningOutcome.Absent, At(3, 9, 7), null),
        new(3, ScreeningOutcome.Screened, At(3, 9, 12), new ResidentCounts(1, 1, 0, 0, 0, 0, 0)),
        new(4, null, null, null),
    ];

    public static GapAlert Finding { get; } = new()
    {
        Id = AlertId,
        SiteId = "440304005021-005",
        SiteName = "新沙老村",
        CommunityId = CommunityId,
        Kind = GapKind.Finding,
        RaisedAt = At(3, 14),
        Household = 12,
        Detail = "household 12: 1 fever, 0 suspected; no follow-up report within 12 h",
        Escalations = 1,
        ReachedUnitId = "440304005",
    };

    public static GapAlert Unstaffed { get; } = new()
    {
        Id = "440304005021-005:checkpointUnstaffed:0:1580695200000",
        SiteId = "440304005021-005",
        SiteName = "新沙老村",
        CommunityId = CommunityId,
        Kind = GapKind.CheckpointUnstaffed,
        RaisedAt = At(3, 10),
        Detail = "the entrance is not staffed (checkpoint report of 10:00)",
        ReachedUnitId = CommunityId,
    };

    public static GapAlert Silent { get; } = new()
    {
        Id = "440304005021-005:teamSilent:0:1580692320000",
        SiteId = "440304005021-005",
        SiteName = "新沙老村",
        CommunityId = CommunityId,
        Kind = GapKind.TeamSilent,
        RaisedAt = At(3, 11, 12),
        Detail = "team w-88: no upload since 2020-02-03 09:12, silent for 2 h of the shift to 19:00",
        ReachedUnitId = CommunityId,
    };

    public static GapAlert[] Alerts { get; } = [Finding, Silent, Unstaffed];

    public static GapAlert Acknowledged { get; } = Finding with
    {
        Acknowledgement = new AlertAcknowledgement("Li Wei", "team sent to household 12 for a second visit", At(3, 14, 20), "sup-li-wei"),
    };

    public static AckRequest Ack { get; } = new("Li Wei", "team sent to household 12 for a second visit");

    public static UnitHistoryPoint Point { get; } = new(At(3, 8), Community with { ScreenedHouseholds = 3902, Version = 77712004 });

    public static UnitHistoryPoint[] History { get; } =
    [
        Point,
        new(At(3, 8, 1), Community with { ScreenedHouseholds = 3910, Version = 77712388 }, Provisional: true),
        new(At(3, 8, 2), Community with { ScreenedHouseholds = 3917, Version = 77712801 }, Provisional: true),
    ];

    public static List<ReportDto> Reports { get; } =
    [
        new()
        {
            ReportId = "r-20200203-w88-0001", SiteId = SiteId, Household = 17, ScreenedAt = At(3, 10, 15), ScreenerId = "w-88",
            Outcome = "screened", Residents = [new() { Status = "normal" }, new() { Status = "fever" }],
        },
        new() { ReportId = "r-20200203-w88-0002", SiteId = SiteId, Household = 18, ScreenedAt = At(3, 10, 19), ScreenerId = "w-88", Outcome = "absent", Residents = [] },
        // A typing mistake: the site has 614 households. Only this item is rejected.
        new()
        {
            ReportId = "r-20200203-w88-0003", SiteId = SiteId, Household = 700, ScreenedAt = At(3, 10, 24), ScreenerId = "w-88",
            Outcome = "screened", Residents = [new() { Status = "normal" }],
        },
    ];

    public static List<CheckpointDto> Checkpoints { get; } =
    [
        new() { ReportId = "c-20200203-440304005021-001-10", SiteId = SiteId, At = At(3, 10), Closed = true, Staffed = true, TemperatureChecks = 420 },
    ];

    /// <summary>The reply to <see cref="Reports"/>.</summary>
    public static IngestResult Ingested { get; } = new(2, 0, 1,
    [
        new ReportResult("r-20200203-w88-0001", ReportStatus.Accepted),
        new ReportResult("r-20200203-w88-0002", ReportStatus.Accepted),
        new ReportResult("r-20200203-w88-0003", ReportStatus.Rejected, "household 700 is outside 1..614, the registered households of site 440304005021-001."),
    ], UploadExamples.ReceiptId);

    public static IngestResult CheckpointsIngested { get; } = new(1, 0, 0, [new ReportResult("c-20200203-440304005021-001-10", ReportStatus.Accepted)], "u-0170098a9f4c70009a11c3e07b52d8f4");

    private static readonly string[] Xinsha = ["新沙社区居委会", "沙头街道", "福田区"];

    public static CasePlaceMarkRequest Mark { get; } = new(SiteId, "2020-02-02");

    public static CasePlaceMarkResult Marked { get; } = new(SiteId, "2020-02-02", Changed: true);

    public static CasePlaceMarkResult Unmarked { get; } = new("440304005021-002", "2020-02-02", Changed: true);

    /// <summary>The marks of 2 February now: the two published at the cut-off and the one added by the correction.</summary>
    public static CasePlaceMarks Marks { get; } = new("2020-02-02", [SiteId, "440304005021-005", "440304005021-002"]);

    /// <summary>
    /// The list of 2 February 2020, published at the next day's 14:00 cut-off with two places; a third, marked on the
    /// 3rd after the cut-off, followed as a correction at the 4th's.
    /// </summary>
    public static CasePlacesList CasePlaces { get; } = new(
        new DateOnly(2020, 2, 2),
        At(3, 14),
        At(3, 14).AddMilliseconds(184),
        [
            new CasePlace(SiteId, "雅居山庄", "compound", Xinsha),
            new CasePlace("440304005021-005", "新沙老村", "urbanVillage", Xinsha),
        ],
        [new CasePlacesCorrection(At(4, 14), At(4, 14).AddMilliseconds(131), [new CasePlace("440304005021-002", "碧海新村", "compound", Xinsha)], [])]);

    public static WebhookRequest WebhookRequest { get; } = new(
        "health-bureau", "https://hb.example/canvass", ["440304"], Secret: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", Children: true);

    /// <summary>Breaks three rules at once, so its problem names all three.</summary>
    public static WebhookRequest BadWebhookRequest { get; } = new("health-bureau", "ftp://hb.example/canvass", ["440304", UnknownUnitId], Secret: "short");

    public const string WebhookTargetRefused =
        "url's host '169.254.169.254' is or resolves to an address webhooks may not reach (link-local); they are delivered only to public addresses (an operator may allow networks in Webhooks:AllowedPrivateTargets).";

    public const string TooManyWebhooks =
        "partner 'health-bureau' has 20 webhooks, the most one partner may have (Webhooks:MaxPerPartner); delete one first, or name more units in one.";

    public static WebhookInfo Webhook { get; } = new()
    {
        Id = WebhookId,
        Partner = "health-bureau",
        Url = "https://hb.example/canvass",
        Units = ["440304"],
        Children = true,
        CreatedAt = At(3, 9, 30),
    };

    public static WebhookInfo[] Webhooks { get; } =
    [
        Webhook,
        new()
        {
            Id = "wh-b41e07c9a35d28f6e0a1c7d4",
            Partner = "health-bureau",
            Url = "https://hb.example/canvass-xinsha",
            Units = [CommunityId],
            CreatedAt = At(3, 11, 5),
        },
    ];

    /// <summary>Futian is up to date; the receiver answers 503 for Nanyuan subdistrict's newest version, retried with backoff.</summary>
    public static WebhookInfo WebhookWithDeliveries { get; } = Webhook with
    {
        Deliveries =
        [
            new WebhookUnitDeliveries { UnitId = "440304", DeliveredVersion = 41873562 },
            new WebhookUnitDeliveries
            {
                UnitId = "440304001",
                DeliveredVersion = 3120877,
                PendingVersion = 3121004,
                FailedAttempts = 3,
                NextAttemptAt = At(3, 10, 16).AddSeconds(7),
                LastError = "HTTP status 503",
            },
            new WebhookUnitDeliveries { UnitId = "440304002", DeliveredVersion = 2984410 },
        ],
        DailyReports = new WebhookDailyReportDeliveries { DeliveredThrough = new DateOnly(2020, 2, 2) },
    };

    public static Apis.TokenRequest TokenRequest { get; } = new("display", "440304", "wall-futian", TimeSpan.FromHours(12));

    public static Auth.MintedToken Token { get; } = new(
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ3YWxsLWZ1dGlhbiIsInJvbGUiOiJkaXNwbGF5IiwidW5pdCI6IjQ0MDMwNCJ9.5mXzVd0p1Jv3yQe8wq3s0dS2bWkqYH0kqzV7gG9w1aE",
        "3f2b8c1e9d4a4e6b8f0c2a7d5e1b9c04", "wall-futian", "display", "440304", At(3, 20));

    public static Apis.RevocationRequest RevocationRequest { get; } = new(Subject: "wall-futian");

    public static Apis.RevocationAnswer Revocation { get; } = new(null, "wall-futian", "4403", At(3, 20), "admin-4403");
}
