using Canvass.Abstractions.Screening;
using Canvass.Gateway.Hosting;

namespace Canvass.Gateway.Ingest;

/// <summary>Household screening reports: validated, then applied by their sites (see <see cref="SiteFanOut"/>).</summary>
public sealed class ReportIngestor(UnitGrains grains, ReportValidator validator)
{
    public Task<IngestResponse> IngestAsync(IReadOnlyList<ReportDto> reports) =>
        SiteFanOut.IngestAsync<ReportDto, SiteReport>(reports, validator.TryValidate, r => r.SiteId, r => r.ReportId,
            (site, items) => grains.Site(site).ApplyAsync(items));
}
