using Canvass.Abstractions.Screening;
using Canvass.Gateway.Hosting;

namespace Canvass.Gateway.Ingest;

/// <summary>
/// Validates a batch, hands each site its reports in one call, and answers only once every site has applied its
/// share: an accepted result is an acknowledgement.
/// </summary>
public sealed class ReportIngestor(UnitGrains grains, ReportValidator validator)
{
    public async Task<IngestResponse> IngestAsync(IReadOnlyList<ReportDto> reports)
    {
        var results = new ItemResult[reports.Count];
        var bySite = new Dictionary<string, SiteBatch>(StringComparer.Ordinal);
        for (var i = 0; i < reports.Count; i++)
        {
            var dto = reports[i];
            if (validator.TryValidate(dto, out var report, out var error))
            {
                if (!bySite.TryGetValue(dto.SiteId!, out var batch))
                {
                    bySite[dto.SiteId!] = batch = new SiteBatch();
                }

                batch.Add(i, report);
            }
            else
            {
                results[i] = new ItemResult(dto.ReportId, ReportStatus.Rejected, error);
            }
        }

        await Task.WhenAll(bySite.Select(site => ApplyAsync(site.Key, site.Value, reports, results)));

        int accepted = 0, duplicates = 0, rejected = 0;
        foreach (var result in results)
        {
            _ = result.Status switch
            {
                ReportStatus.Accepted => accepted++,
                ReportStatus.Duplicate => duplicates++,
                _ => rejected++,
            };
        }

        return new IngestResponse(accepted, duplicates, rejected, results);
    }

    private async Task ApplyAsync(string siteId, SiteBatch batch, IReadOnlyList<ReportDto> reports, ItemResult[] results)
    {
        var applied = await grains.Site(siteId).ApplyAsync([.. batch.Reports]);
        for (var j = 0; j < applied.Length; j++)
        {
            var i = batch.Indexes[j];
            results[i] = new ItemResult(reports[i].ReportId, applied[j].Status, applied[j].Error);
        }
    }

    private sealed class SiteBatch
    {
        public List<int> Indexes { get; } = [];
        public List<SiteReport> Reports { get; } = [];

        public void Add(int index, SiteReport report)
        {
            Indexes.Add(index);
            Reports.Add(report);
        }
    }
}
