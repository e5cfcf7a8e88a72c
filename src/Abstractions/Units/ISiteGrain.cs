using Canvass.Abstractions.Screening;

namespace Canvass.Abstractions.Units;

/// <summary>One residential compound or urban village: the latest report of each of its households.</summary>
[Alias("canvass.ISiteGrain")]
public interface ISiteGrain : ISummaryGrain
{
    /// <summary>
    /// Applies a batch of this site's reports and returns one result per report, in order.
    /// A report is acknowledged only once this call has returned.
    /// </summary>
    [Alias("Apply")]
    Task<ReportResult[]> ApplyAsync(SiteReport[] reports);
}
