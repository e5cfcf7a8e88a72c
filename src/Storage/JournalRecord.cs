namespace Canvass.Storage;

/// <summary>
/// One event of a site as it is stored: the site's sequence number (1, 2, 3... with no gaps), the report id that
/// keeps duplicates duplicates after a restart, and the report's content. No names, nothing personal.
/// </summary>
/// <param name="Sequence">1 for the site's first event, then each next one; no gaps.</param>
/// <param name="ReportId">The report's idempotency key.</param>
/// <param name="Household">Household number within the site.</param>
/// <param name="ScreenedAtUtcTicks">When the household was screened, UTC ticks.</param>
/// <param name="Outcome">1 screened, 2 absent, 3 refused.</param>
/// <param name="Residents">Residents by status, one byte per status, status 0 in the lowest byte.</param>
/// <param name="ScreenerId">Who reported; for audit, never logged.</param>
/// <param name="Kind">
/// What the record is: 0 a household report, other values events of the site that reuse the columns above as their
/// kind describes (see the grains' journal mapping). Stored, so a reader never has to guess from the values.
/// </param>
/// <param name="Detail">Free text of an event that has one (an acknowledgement's note); null otherwise.</param>
/// <param name="AcknowledgedAtUtcTicks">
/// When the site journaled the event, UTC ticks: the start of its duplicate window and of its retention. Rows written
/// before this column existed carry the time of the migration that added it.
/// </param>
/// <param name="SubmittedBy">
/// The subject of the token that submitted the record (a screener's id, the supervisor who acknowledged), for audit;
/// never logged. Null for records written before this column existed, or by a caller without a token.
/// </param>
public readonly record struct JournalRecord(
    long Sequence,
    string ReportId,
    int Household,
    long ScreenedAtUtcTicks,
    byte Outcome,
    long Residents,
    string ScreenerId,
    byte Kind = 0,
    string? Detail = null,
    long AcknowledgedAtUtcTicks = 0,
    string? SubmittedBy = null);
