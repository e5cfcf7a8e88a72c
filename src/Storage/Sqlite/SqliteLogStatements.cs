using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Canvass.Storage.Sqlite;

/// <summary>
/// The writer connection's two statements on the hot path, prepared once and bound through SQLitePCL directly: per
/// row, SqliteCommand allocated a binder per parameter and boxed every number, the largest allocation of the writer
/// in the profile. Used under the journal's writer lock only.
/// </summary>
internal sealed class SqliteLogStatements(SqliteConnection writer) : IDisposable
{
    private sqlite3_stmt? _insert;
    private sqlite3_stmt? _head;

    /// <summary>Appends <paramref name="record"/> of <paramref name="siteId"/> to the log, in the caller's transaction.</summary>
    public void Insert(string siteId, JournalRecord record)
    {
        var insert = _insert ??= Prepare("""
            INSERT INTO journal (site_id, seq, report_id, household, screened_at, outcome, residents, screener_id, kind, detail, acked_at, submitted_by)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
            """);
        try
        {
            raw.sqlite3_bind_text(insert, 1, siteId);
            raw.sqlite3_bind_int64(insert, 2, record.Sequence);
            raw.sqlite3_bind_text(insert, 3, record.ReportId);
            raw.sqlite3_bind_int(insert, 4, record.Household);
            raw.sqlite3_bind_int64(insert, 5, record.ScreenedAtUtcTicks);
            raw.sqlite3_bind_int(insert, 6, record.Outcome);
            raw.sqlite3_bind_int64(insert, 7, record.Residents);
            raw.sqlite3_bind_text(insert, 8, record.ScreenerId);
            raw.sqlite3_bind_int(insert, 9, record.Kind);
            if (record.Detail is null)
            {
                raw.sqlite3_bind_null(insert, 10);
            }
            else
            {
                raw.sqlite3_bind_text(insert, 10, record.Detail);
            }

            raw.sqlite3_bind_int64(insert, 11, record.AcknowledgedAtUtcTicks);
            if (record.SubmittedBy is null)
            {
                raw.sqlite3_bind_null(insert, 12);
            }
            else
            {
                raw.sqlite3_bind_text(insert, 12, record.SubmittedBy);
            }

            var rc = raw.sqlite3_step(insert);
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, writer.Handle);
            }
        }
        finally
        {
            raw.sqlite3_reset(insert);
        }
    }

    /// <summary>
    /// The site's last sequence number in the file: the index's (which holds all of it once nothing is pending), or
    /// its snapshot's once compaction has deleted the records the snapshot covers.
    /// </summary>
    public long HeadOf(string siteId)
    {
        var head = _head ??= Prepare("""
            SELECT MAX(COALESCE((SELECT MAX(seq) FROM journal_index WHERE site_id = ?1), 0),
                       COALESCE((SELECT seq FROM site_snapshots WHERE site_id = ?1), 0))
            """);
        try
        {
            raw.sqlite3_bind_text(head, 1, siteId);
            var rc = raw.sqlite3_step(head);
            if (rc != raw.SQLITE_ROW)
            {
                SqliteException.ThrowExceptionForRC(rc, writer.Handle);
            }

            return raw.sqlite3_column_int64(head, 0);
        }
        finally
        {
            raw.sqlite3_reset(head);
        }
    }

    private sqlite3_stmt Prepare(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(writer.Handle, sql, out var statement);
        SqliteException.ThrowExceptionForRC(rc, writer.Handle);
        return statement;
    }

    public void Dispose()
    {
        _insert?.Dispose();
        _head?.Dispose();
    }
}
