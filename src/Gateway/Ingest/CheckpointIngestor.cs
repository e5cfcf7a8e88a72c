using Canvass.Abstractions.Screening;
using Canvass.Gateway.Hosting;

namespace Canvass.Gateway.Ingest;

/// <summary>Checkpoint reports: validated, then applied by their sites (see <see cref="SiteFanOut"/>).</summary>
public sealed class CheckpointIngestor(UnitGrains grains, CheckpointValidator validator)
{
    public Task<IngestResponse> IngestAsync(IReadOnlyList<CheckpointDto> reports) =>
        SiteFanOut.IngestAsync<CheckpointDto, CheckpointReport>(reports, validator.TryValidate, r => r.SiteId, r => r.ReportId,
            (site, items) => grains.Site(site).ApplyCheckpointsAsync(items));
}
