using System.Text.Json.Serialization;

namespace Canvass.Contracts.Reports;

/// <summary>
/// What became of one posted batch, kept durably: <c>GET /api/uploads/{id}</c>, and the id in the batch's reply
/// (<see cref="IngestResult.ReceiptId"/>).
/// </summary>
/// <param name="Id">The receipt's id: opaque and URL-safe (<c>u-</c> and 32 lower-case hex digits, ordered by time).</param>
/// <param name="Kind">The ingest route: <c>reports</c>, <c>checkpoints</c>, <c>quarantines</c>, <c>healthChecks</c> or <c>care</c>.</param>
/// <param name="Subject">The sender's token subject; absent for a token without one.</param>
/// <param name="ReceivedAt">When the gateway received the batch (registry time).</param>
/// <param name="ScreenedFrom">The earliest observation time (<c>screenedAt</c>, <c>at</c>, <c>start</c>, <c>requestedAt</c>) of its accepted and duplicate items.</param>
/// <param name="ScreenedTo">The latest of those times.</param>
/// <param name="Accepted">Items applied by their sites.</param>
/// <param name="Duplicates">Items whose id their site had seen before.</param>
/// <param name="Rejected">Items refused; <see cref="RejectedItems"/> says why.</param>
/// <param name="Sites">The sites of the accepted and duplicate items, in the order first posted.</param>
/// <param name="RejectedItems">Each refused item with its reason, in the order posted.</param>
/// <param name="Partial">
/// True when the batch also held sites outside the reader's unit: <see cref="Sites"/> lists only the reader's, and
/// <see cref="RejectedItems"/> is left out (an item's reason may name another unit's household); the counts are the
/// whole batch's. Absent (false) on a receipt shown whole.
/// </param>
public sealed record UploadReceipt(
    string Id,
    string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Subject,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? ScreenedFrom,
    DateTimeOffset? ScreenedTo,
    int Accepted,
    int Duplicates,
    int Rejected,
    IReadOnlyList<string> Sites,
    IReadOnlyList<UploadRejection> RejectedItems,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Partial = false);

/// <summary>One refused item of an upload.</summary>
/// <param name="Index">Its 0-based position in the batch as posted.</param>
/// <param name="ReportId">Its id as posted (absent when it had none).</param>
/// <param name="Error">Why it was refused.</param>
/// <param name="Row">The CSV row it came from, when the batch was CSV; absent otherwise.</param>
public sealed record UploadRejection(
    int Index,
    string? ReportId,
    string Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Row = null);
