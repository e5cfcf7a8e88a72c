using Canvass.Abstractions.Screening;
using Canvass.Gateway.Hosting;
using Canvass.Registry;

namespace Canvass.Gateway.Ingest;

/// <summary>Household screening reports: validated, then applied by their sites (see <see cref="SiteFanOut"/>).</summary>
public sealed class ReportIngestor(UnitGrains grains, ReportValidator validator, ScreeningWindow window)
{
    /// <param name="scope">The sender's unit: reports for sites outside it (all, when null) are refused one by one, as unknown sites.</param>
    /// <param name="submittedBy">The sender's token subject, journaled with each report.</param>
    public async Task<IngestResponse> IngestAsync(IReadOnlyList<ReportDto> reports, RegistryUnit? scope, string? submittedBy)
    {
        var times = await window.GetAsync();
        return await SiteFanOut.IngestAsync<ReportDto, SiteReport>(reports,
            (ReportDto dto, out SiteReport item, out string error) => validator.TryValidate(dto, scope, times, out item, out error),
            r => r.SiteId, r => r.ReportId,
            (site, items) => grains.Site(site).ApplyAsync(items, submittedBy));
    }
}
