using System.Text.Json.Serialization;
using Canvass.Contracts.Screening;

namespace Canvass.Contracts.Reports;

/// <summary>The reply to a posted batch: counts, and one result per report in the order posted.</summary>
/// <param name="Accepted">Reports applied by their sites.</param>
/// <param name="Duplicates">Reports whose id the site had seen before: nothing changed.</param>
/// <param name="Rejected">Invalid reports; their results say why.</param>
/// <param name="Results">One result per report, in the order posted.</param>
/// <param name="ReceiptId">
/// The batch's receipt (<c>GET /api/uploads/{id}</c>), stored before this reply: every batch with at least one item
/// accepted or a duplicate has one; absent otherwise.
/// </param>
public sealed record IngestResult(
    int Accepted,
    int Duplicates,
    int Rejected,
    IReadOnlyList<ReportResult> Results,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReceiptId = null);

/// <summary>What became of one report; <see cref="Error"/> says why a rejected one was refused.</summary>
/// <param name="ReportId">The report's id as posted.</param>
/// <param name="Status">accepted, duplicate or rejected.</param>
/// <param name="Error">Why the report was rejected; absent otherwise.</param>
/// <param name="Id">
/// For kinds that have routes of their own (<c>/api/quarantines/{id}</c>, <c>/api/care/{id}</c>): the id those routes
/// take (see <c>CareIds</c>), for an item accepted or a duplicate; absent otherwise.
/// </param>
/// <param name="Row">
/// For a batch posted as CSV (<c>text/csv</c>): the item's row in the file, counting the header as row 1 (so the first
/// data row is 2), as a spreadsheet numbers it; absent for JSON and NDJSON.
/// </param>
public sealed record ReportResult(
    string? ReportId,
    ReportStatus Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Row = null);
