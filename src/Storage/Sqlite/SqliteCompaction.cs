using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Sqlite;

/// <summary>Deletes journal records past the retention that their site's snapshot covers, a bounded step at a time.</summary>
internal static class SqliteCompaction
{
    // Records per transaction, so that writes never wait long behind a compaction.
    private const int StepRecords = 50_000;

    /// <summary>One transaction on the writer's connection, under its lock; returns how many records went (0: done).</summary>
    public static long Step(SqliteConnection writer, long acknowledgedBeforeUtcTicks)
    {
        using var transaction = writer.BeginTransaction();
        using var command = writer.CreateCommand();
        command.Transaction = transaction;
        // Rows are in about acknowledgement order: the first row acknowledged at the cut-off bounds the scan. The
        // newest row always stays, so that pos (the rowid) is never handed out again; only indexed rows go.
        command.CommandText = """
            CREATE TEMP TABLE IF NOT EXISTS compacted (pos INTEGER PRIMARY KEY, site_id TEXT NOT NULL, seq INTEGER NOT NULL);
            DELETE FROM compacted;
            INSERT INTO compacted
            SELECT j.pos, j.site_id, j.seq FROM journal j JOIN site_snapshots s ON s.site_id = j.site_id
            WHERE j.pos < COALESCE((SELECT pos FROM journal WHERE acked_at >= $before ORDER BY pos LIMIT 1), (SELECT MAX(pos) FROM journal))
              AND j.pos <= (SELECT pos FROM journal_indexed WHERE id = 1)
              AND j.acked_at < $before AND j.seq <= s.seq
            LIMIT $step;
            DELETE FROM journal_index WHERE (site_id, seq) IN (SELECT site_id, seq FROM compacted);
            DELETE FROM journal WHERE pos IN (SELECT pos FROM compacted);
            """;
        command.Parameters.AddWithValue("$before", acknowledgedBeforeUtcTicks);
        command.Parameters.AddWithValue("$step", StepRecords);
        command.ExecuteNonQuery();
        command.Parameters.Clear();
        command.CommandText = "SELECT COUNT(*) FROM compacted";
        var removed = (long)command.ExecuteScalar()!;
        transaction.Commit();
        return removed;
    }
}
