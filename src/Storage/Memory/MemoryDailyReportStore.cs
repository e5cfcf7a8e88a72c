using Canvass.Storage.DailyReports;

namespace Canvass.Storage.Memory;

/// <summary>Daily reports in process memory: the same contract, lost on exit.</summary>
public sealed class MemoryDailyReportStore : IDailyReportStore
{
    private readonly SortedDictionary<DateOnly, (DailyReportHeader Header, Dictionary<string, DailyReportRow> Rows)> _days = [];

    public Task<bool> PublishAsync(DailyReportHeader header, IReadOnlyList<DailyReportRow> rows, CancellationToken cancellationToken = default)
    {
        var byUnit = rows.ToDictionary(r => r.UnitId, StringComparer.Ordinal);
        lock (_days)
        {
            return Task.FromResult(_days.TryAdd(header.Date, (header, byUnit)));
        }
    }

    public Task<IReadOnlyList<DailyReportHeader>> ListAsync(CancellationToken cancellationToken = default)
    {
        lock (_days)
        {
            return Task.FromResult<IReadOnlyList<DailyReportHeader>>(_days.Values.Select(d => d.Header).ToArray());
        }
    }

    public Task<IReadOnlyList<DailyReportRow>> GetRowsAsync(DateOnly date, IReadOnlyList<string> unitIds, CancellationToken cancellationToken = default)
    {
        lock (_days)
        {
            IReadOnlyList<DailyReportRow> rows = _days.TryGetValue(date, out var day)
                ? unitIds.Select(id => day.Rows.GetValueOrDefault(id)).OfType<DailyReportRow>().ToArray()
                : [];
            return Task.FromResult(rows);
        }
    }

    public Task PingAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}
