using Npgsql;

namespace Canvass.Cluster.Tests;

/// <summary>Reads the PostgreSQL journal directly: what is in it, and the figures it implies.</summary>
public static class JournalAudit
{
    public sealed record Figures(long Screened, long Fever, long Normal, HashSet<string> ReportIds, int DuplicateRows);

    public static async Task<Figures> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using (var all = new NpgsqlCommand("SELECT report_id FROM site_events", connection))
        await using (var reader = await all.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetString(0));
            }
        }

        await using var duplicates = new NpgsqlCommand("SELECT count(*) FROM (SELECT report_id FROM site_events GROUP BY report_id HAVING count(*) > 1) d", connection);
        var duplicateRows = Convert.ToInt32(await duplicates.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);

        // A household's figure is its latest report; among equal times the first applied (lowest sequence) holds.
        await using var latest = new NpgsqlCommand("""
            SELECT outcome, residents FROM (
              SELECT DISTINCT ON (site_id, household) outcome, residents
              FROM site_events ORDER BY site_id, household, screened_at DESC, seq ASC) t
            """, connection);
        long screened = 0, fever = 0, normal = 0;
        await using (var reader = await latest.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                if (reader.GetInt16(0) == 1)
                {
                    screened++;
                    var residents = reader.GetInt64(1);
                    normal += residents & 0xFF;
                    fever += residents >> 8 & 0xFF;
                }
            }
        }

        return new Figures(screened, fever, normal, ids, duplicateRows);
    }
}
