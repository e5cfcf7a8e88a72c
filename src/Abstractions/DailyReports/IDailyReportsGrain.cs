using Orleans.Concurrency;

namespace Canvass.Abstractions.DailyReports;

/// <summary>
/// The daily situation reports: one grain (key 0) freezes every unit's figures at each day's cut-off and answers
/// the published reports. A published report is never changed.
/// </summary>
[Alias("canvass.IDailyReportsGrain")]
public interface IDailyReportsGrain : IGrainWithIntegerKey
{
    /// <summary>A unit's report of a day; null when the day is not published (yet).</summary>
    [Alias("Get")]
    Task<DailyReport?> GetAsync(DateOnly date, string unitId);

    /// <summary>Every published day, oldest first.</summary>
    [Alias("List")]
    Task<IReadOnlyList<DailyReportDate>> ListAsync();

    /// <summary>Registers (or renews the lease of) an observer told of every publication.</summary>
    [Alias("Watch")]
    Task WatchAsync(IDailyReportsObserver observer);
}

/// <summary>A gateway host's receiver of publications, which tells its event streams.</summary>
[Alias("canvass.IDailyReportsObserver")]
public interface IDailyReportsObserver : IGrainObserver
{
    /// <summary>A day's report was just published for every unit.</summary>
    [OneWay, Alias("OnPublished")]
    Task OnPublishedAsync(DailyReportDate day);
}
