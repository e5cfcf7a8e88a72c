using Canvass.Storage.DailyReports;
using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Sqlite;

/// <summary>
/// Daily reports in the journal's SQLite file, on connections of their own. One publication a day: the write waits
/// out the journal's writer (busy_timeout) like the history's. synchronous=FULL: a report partners were sent must
/// survive a power loss.
/// </summary>
public sealed class SqliteDailyReportStore : IDailyReportStore
{
    private readonly string _connectionString;

    private SqliteDailyReportStore(string connectionString) => _connectionString = connectionString;

    public static SqliteDailyReportStore Open(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var store = new SqliteDailyReportStore(new SqliteConnectionStringBuilder { DataSource = full, Pooling = true }.ToString());
        using var connection = store.Open();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode=WAL;";
            command.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction();
        using var create = connection.CreateCommand();
        create.Transaction = transaction;
        // Created once and never altered: a new column would be a numbered migration, as the journal's are.
        create.CommandText = """
            CREATE TABLE IF NOT EXISTS daily_reports (day INTEGER PRIMARY KEY, cut_off INTEGER NOT NULL, cut_off_offset INTEGER NOT NULL, published_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS daily_report_units (day INTEGER NOT NULL, unit_id TEXT NOT NULL, figures TEXT NOT NULL, PRIMARY KEY (day, unit_id)) WITHOUT ROWID;
            """;
        create.ExecuteNonQuery();
        transaction.Commit();
        return store;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;";
        command.ExecuteNonQuery();
        return connection;
    }

    public Task<bool> PublishAsync(DailyReportHeader header, IReadOnlyList<DailyReportRow> rows, CancellationToken cancellationToken = default) => Task.Run(() =>
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO daily_reports (day, cut_off, cut_off_offset, published_at) VALUES ($day, $cut, $offset, $published) ON CONFLICT (day) DO NOTHING";
        insert.Parameters.AddWithValue("$day", header.Date.DayNumber);
        insert.Parameters.AddWithValue("$cut", header.CutOff.UtcTicks);
        insert.Parameters.AddWithValue("$offset", (int)header.CutOff.Offset.TotalMinutes);
        insert.Parameters.AddWithValue("$published", header.PublishedAt.UtcTicks);
        if (insert.ExecuteNonQuery() == 0)
        {
            return false;
        }

        using var row = connection.CreateCommand();
        row.Transaction = transaction;
        row.CommandText = "INSERT INTO daily_report_units (day, unit_id, figures) VALUES ($day, $unit, $figures)";
        row.Parameters.AddWithValue("$day", header.Date.DayNumber);
        var unit = row.Parameters.Add("$unit", SqliteType.Text);
        var figures = row.Parameters.Add("$figures", SqliteType.Text);
        row.Prepare();
        foreach (var r in rows)
        {
            unit.Value = r.UnitId;
            figures.Value = r.Figures;
            row.ExecuteNonQuery();
        }

        transaction.Commit();
        return true;
    }, cancellationToken);

    public Task<IReadOnlyList<DailyReportHeader>> ListAsync(CancellationToken cancellationToken = default) => Task.Run<IReadOnlyList<DailyReportHeader>>(() =>
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT day, cut_off, cut_off_offset, published_at FROM daily_reports ORDER BY day";
        var headers = new List<DailyReportHeader>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var offset = TimeSpan.FromMinutes(reader.GetInt32(2));
            headers.Add(new DailyReportHeader(
                DateOnly.FromDayNumber(reader.GetInt32(0)),
                new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero).ToOffset(offset),
                new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero).ToOffset(offset)));
        }

        return headers;
    }, cancellationToken);

    public Task<IReadOnlyList<DailyReportRow>> GetRowsAsync(DateOnly date, IReadOnlyList<string> unitIds, CancellationToken cancellationToken = default) => Task.Run<IReadOnlyList<DailyReportRow>>(() =>
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT figures FROM daily_report_units WHERE day = $day AND unit_id = $unit";
        command.Parameters.AddWithValue("$day", date.DayNumber);
        var unit = command.Parameters.Add("$unit", SqliteType.Text);
        var rows = new List<DailyReportRow>(unitIds.Count);
        foreach (var id in unitIds)
        {
            unit.Value = id;
            if (command.ExecuteScalar() is string figures)
            {
                rows.Add(new DailyReportRow(id, figures));
            }
        }

        return rows;
    }, cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken = default) => Task.Run(() =>
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        command.ExecuteScalar();
    }, cancellationToken);
}
