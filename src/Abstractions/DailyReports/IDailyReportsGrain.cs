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

    /// <summary>
    /// Registers (or renews the lease of) an observer, as <see cref="WatchAsync"/>, and answers the newest published
    /// day (null before the first): a follower that knows of no such day lost a notice and reads the store again.
    /// </summary>
    [Alias("Follow")]
    Task<DateOnly?> FollowAsync(IDailyReportsObserver observer);
}

/// <summary>A receiver of publications: a gateway host's, which tells its event streams, or a webhook's.</summary>
[Alias("canvass.IDailyReportsObserver")]
public interface IDailyReportsObserver : IGrainObserver
{
    /// <summary>A day's report was just published for every unit.</summary>
    [OneWay, Alias("OnPublished")]
    Task OnPublishedAsync(DailyReportDate day);
}
