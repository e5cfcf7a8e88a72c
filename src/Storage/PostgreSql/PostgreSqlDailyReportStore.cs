using Canvass.Storage.DailyReports;
using Npgsql;

namespace Canvass.Storage.PostgreSql;

/// <summary>Daily reports in the journal's PostgreSQL database, on a small pool of their own.</summary>
public sealed class PostgreSqlDailyReportStore : IDailyReportStore, IAsyncDisposable
{
    private const long MigrationLock = 0x43414E5641535300; // "CANVASS\0", as the journal's

    private readonly NpgsqlDataSource _dataSource;
    private readonly Lock _schemaLock = new();
    private Task? _schema;

    /// <summary>Creates the store without touching the server; the first operation creates its tables.</summary>
    public PostgreSqlDailyReportStore(string connectionString)
    {
        // One publication a day and the report reads: two connections are plenty.
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.MaxPoolSize = Math.Min(builder.MaxPoolSize, 4);
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    private Task EnsureSchemaAsync()
    {
        lock (_schemaLock)
        {
            // A failed attempt (server not up yet) is tried again by the next operation.
            if (_schema is null || _schema.IsFaulted || _schema.IsCanceled)
            {
                _schema = CreateTablesAsync();
            }

            return _schema;
        }
    }

    // Created once and never altered, under the migrations' lock so that silos starting together do not race.
    private async Task CreateTablesAsync()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand($"""
            SELECT pg_advisory_xact_lock({MigrationLock});
            CREATE TABLE IF NOT EXISTS daily_reports (day integer PRIMARY KEY, cut_off bigint NOT NULL, cut_off_offset integer NOT NULL, published_at bigint NOT NULL);
            CREATE TABLE IF NOT EXISTS daily_report_units (day integer NOT NULL, unit_id text NOT NULL, figures text NOT NULL, PRIMARY KEY (day, unit_id));
            """, connection, transaction);
        await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    public async Task<bool> PublishAsync(DailyReportHeader header, IReadOnlyList<DailyReportRow> rows, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO daily_reports (day, cut_off, cut_off_offset, published_at) VALUES ($1, $2, $3, $4) ON CONFLICT (day) DO NOTHING", connection, transaction))
        {
            insert.Parameters.AddWithValue(header.Date.DayNumber);
            insert.Parameters.AddWithValue(header.CutOff.UtcTicks);
            insert.Parameters.AddWithValue((int)header.CutOff.Offset.TotalMinutes);
            insert.Parameters.AddWithValue(header.PublishedAt.UtcTicks);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }

        await using (var units = new NpgsqlCommand(
            "INSERT INTO daily_report_units (day, unit_id, figures) SELECT $1, u, f FROM unnest($2::text[], $3::text[]) AS t(u, f)", connection, transaction))
        {
            units.Parameters.AddWithValue(header.Date.DayNumber);
            units.Parameters.AddWithValue(rows.Select(r => r.UnitId).ToArray());
            units.Parameters.AddWithValue(rows.Select(r => r.Figures).ToArray());
            await units.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<DailyReportHeader>> ListAsync(CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        await using var command = _dataSource.CreateCommand("SELECT day, cut_off, cut_off_offset, published_at FROM daily_reports ORDER BY day");
        var headers = new List<DailyReportHeader>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var offset = TimeSpan.FromMinutes(reader.GetInt32(2));
            headers.Add(new DailyReportHeader(
                DateOnly.FromDayNumber(reader.GetInt32(0)),
                new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero).ToOffset(offset),
                new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero).ToOffset(offset)));
        }

        return headers;
    }

    public async Task<IReadOnlyList<DailyReportRow>> GetRowsAsync(DateOnly date, IReadOnlyList<string> unitIds, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        await using var command = _dataSource.CreateCommand("SELECT unit_id, figures FROM daily_report_units WHERE day = $1 AND unit_id = ANY($2)");
        command.Parameters.AddWithValue(date.DayNumber);
        command.Parameters.AddWithValue(unitIds.ToArray());
        var rows = new List<DailyReportRow>(unitIds.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new DailyReportRow(reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }

    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        await using var command = _dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
