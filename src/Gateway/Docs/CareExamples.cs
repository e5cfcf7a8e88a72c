using Canvass.Contracts.Reports;
using Canvass.Gateway.Apis;
using Canvass.Gateway.Ingest;
using ReportResult = Canvass.Contracts.Reports.ReportResult;
using static Canvass.Gateway.Docs.ApiExamples;

namespace Canvass.Gateway.Docs;

/// <summary>
/// The OpenAPI examples of home quarantine and care (see <see cref="ApiExamples"/>): a household of Yaju Shanzhuang
/// sealed on 3 February 2020 after arriving from a key area, its checks at 08:00 and 16:00, and a delivery of medicine.
/// </summary>
internal static class CareExamples
{
    public const string QuarantineId = SiteId + "~q-17";
    public const string CareId = SiteId + "~c-5";

    public static List<QuarantineDto> Quarantines { get; } =
    [
        new() { QuarantineId = "q-17", SiteId = SiteId, Household = 17, Kind = "keyAreaObservation", Start = At(3, 9), PlannedEnd = At(17, 9), Residents = 3 },
        new() { QuarantineId = "q-18", SiteId = SiteId, Household = 18, Kind = "homeQuarantine", Start = At(3, 9), PlannedEnd = At(3, 8), Residents = 2 },
    ];

    public static IngestResult QuarantinesIngested { get; } = new(1, 0, 1,
    [
        new ReportResult("q-17", ReportStatus.Accepted, Id: QuarantineId),
        new ReportResult("q-18", ReportStatus.Rejected, "plannedEnd 2020-02-03T08:00:00.0000000+08:00 is not after start 2020-02-03T09:00:00.0000000+08:00."),
    ], "u-0170098b31d870008c5a0e2f91b4d7a3");

    public static List<HealthCheckDto> HealthChecks { get; } =
    [
        new() { CheckId = "k-17-0316", SiteId = SiteId, Household = 17, At = At(3, 16, 5), Readings = [new() { Status = "normal", Temperature = 36.5 }, new() { Status = "normal" }, new() { Status = "fever", Temperature = 37.9 }] },
    ];

    public static IngestResult HealthChecksIngested { get; } = new(1, 0, 0, [new ReportResult("k-17-0316", ReportStatus.Accepted)], "u-017009a2f5e0700089d4b6c1a7e3f052");

    public static List<CareRequestDto> CareRequests { get; } =
    [
        new() { CareId = "c-5", SiteId = SiteId, Household = 17, Category = "medicine", Note = "blood pressure tablets, pharmacy at the gate", RequestedAt = At(3, 11) },
        new() { CareId = "c-6", SiteId = SiteId, Household = 17, Category = "groceries" },
    ];

    public static IngestResult CareIngested { get; } = new(2, 0, 0, [new ReportResult("c-5", ReportStatus.Accepted, Id: CareId), new ReportResult("c-6", ReportStatus.Accepted, Id: SiteId + "~c-6")], "u-0170099b6a2870008e1f4d9c3b5a7260");

    public static Quarantine Placed { get; } = new()
    {
        Id = QuarantineId,
        QuarantineId = "q-17",
        SiteId = SiteId,
        Household = 17,
        Kind = QuarantineKind.KeyAreaObservation,
        Start = At(3, 9),
        PlannedEnd = At(17, 9),
        Residents = 3,
        NextCheckDueAt = At(4, 8),
        LastCheckAt = At(3, 16, 5),
        ChecksDoneToday = 1,
        ChecksDueToday = 1,
    };

    public static ExtendRequest Extend { get; } = new(At(19, 9));

    public static Quarantine Extended { get; } = Placed with { PlannedEnd = At(19, 9) };

    public static CareStepRequest EndBody { get; } = new(At(5, 9), null);

    public static Quarantine Ended { get; } = Placed with { EndedAt = At(5, 9), NextCheckDueAt = null, ChecksDoneToday = 1, ChecksDueToday = 1 };

    public static Quarantine Behind { get; } = Placed with
    {
        Id = SiteId + "~q-21", QuarantineId = "q-21", Household = 21, Kind = QuarantineKind.HomeQuarantine, Residents = 1,
        Start = At(1, 20), PlannedEnd = At(15, 20), NextCheckDueAt = At(3, 8), LastCheckAt = At(2, 16, 20), CheckMissed = true,
        ChecksDoneToday = 0, ChecksDueToday = 2,
    };

    public static Quarantine[] QuarantineList { get; } = [Behind, Placed];

    public static CareRequest Requested { get; } = new()
    {
        Id = CareId,
        CareId = "c-5",
        SiteId = SiteId,
        Household = 17,
        Category = CareCategory.Medicine,
        Note = "blood pressure tablets, pharmacy at the gate",
        State = CareRequestState.Requested,
        RequestedAt = At(3, 11),
        DueBy = At(3, 13),
        History = [new CareHistoryEntry(CareStep.Request, At(3, 11), "screener-440304005021", null)],
    };

    public static CareStepRequest Accept { get; } = new(At(3, 11, 20), null);

    public static CareRequest Accepted { get; } = Requested with
    {
        State = CareRequestState.Accepted,
        History = [.. Requested.History, new CareHistoryEntry(CareStep.Accept, At(3, 11, 20), "service-440304005021-001", null)],
    };

    public static CareStepRequest Deliver { get; } = new(At(3, 12, 40), null);

    public static CareRequest Delivered { get; } = Accepted with
    {
        State = CareRequestState.Delivered,
        History = [.. Accepted.History, new CareHistoryEntry(CareStep.Deliver, At(3, 12, 40), "service-440304005021-001", null)],
    };

    public static CareStepRequest Cancel { get; } = new(null, "bought by a neighbour");

    public static CareRequest Cancelled { get; } = Accepted with
    {
        State = CareRequestState.Cancelled,
        History = [.. Accepted.History, new CareHistoryEntry(CareStep.Cancel, At(3, 11, 45), "service-440304005021-001", "bought by a neighbour")],
    };

    public static CareRequest Overdue { get; } = Requested with
    {
        Id = SiteId + "~c-2", CareId = "c-2", Household = 21, Category = CareCategory.Water, Note = null,
        RequestedAt = At(3, 7), DueBy = At(3, 11), Overdue = true,
        History = [new CareHistoryEntry(CareStep.Request, At(3, 7), "screener-440304005021", null)],
    };

    public static CareRequest[] CareList { get; } = [Overdue, Accepted];
}
