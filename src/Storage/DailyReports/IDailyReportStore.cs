namespace Canvass.Storage.DailyReports;

/// <summary>
/// The published daily reports: a day's header and one row of frozen figures per unit. Written once and never
/// updated: a second publication of a day writes nothing, so that what partners were sent stays what is read.
/// </summary>
public interface IDailyReportStore
{
    /// <summary>
    /// Stores a day's report, its rows and its header in one transaction. False (and nothing written) when the day
    /// is already published, by this silo or another.
    /// </summary>
    Task<bool> PublishAsync(DailyReportHeader header, IReadOnlyList<DailyReportRow> rows, CancellationToken cancellationToken = default);

    /// <summary>The headers of every published day, oldest first.</summary>
    Task<IReadOnlyList<DailyReportHeader>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>The rows of the given units in a day's report (units it does not hold are left out).</summary>
    Task<IReadOnlyList<DailyReportRow>> GetRowsAsync(DateOnly date, IReadOnlyList<string> unitIds, CancellationToken cancellationToken = default);

    /// <summary>Throws unless the store answers.</summary>
    Task PingAsync(CancellationToken cancellationToken = default);
}

/// <summary>A published day: its date (registry time), the cut-off it froze at and when it was published.</summary>
public sealed record DailyReportHeader(DateOnly Date, DateTimeOffset CutOff, DateTimeOffset PublishedAt);

/// <summary>One unit's frozen figures in a day's report, as the grains wrote them (JSON).</summary>
public sealed record DailyReportRow(string UnitId, string Figures);
