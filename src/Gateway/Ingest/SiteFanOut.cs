using Canvass.Abstractions.Screening;

namespace Canvass.Gateway.Ingest;

/// <summary>
/// Validates a batch, hands each site its items in one call, and answers only once every site has applied its share:
/// an accepted result is an acknowledgement. Shared by household and checkpoint reports.
/// </summary>
internal static class SiteFanOut
{
    public delegate bool Validate<TDto, TItem>(TDto dto, out TItem item, out string error);

    public static async Task<IngestResponse> IngestAsync<TDto, TItem>(
        IReadOnlyList<TDto> dtos,
        Validate<TDto, TItem> validate,
        Func<TDto, string?> siteOf,
        Func<TDto, string?> idOf,
        Func<string, TItem[], Task<ReportResult[]>> apply)
    {
        var results = new ItemResult[dtos.Count];
        var bySite = new Dictionary<string, SiteBatch<TItem>>(StringComparer.Ordinal);
        for (var i = 0; i < dtos.Count; i++)
        {
            var dto = dtos[i];
            if (validate(dto, out var item, out var error))
            {
                var site = siteOf(dto)!;
                if (!bySite.TryGetValue(site, out var batch))
                {
                    bySite[site] = batch = new SiteBatch<TItem>();
                }

                batch.Add(i, item);
            }
            else
            {
                results[i] = new ItemResult(idOf(dto), ReportStatus.Rejected, error);
            }
        }

        await Task.WhenAll(bySite.Select(async site =>
        {
            var applied = await apply(site.Key, [.. site.Value.Items]);
            for (var j = 0; j < applied.Length; j++)
            {
                var i = site.Value.Indexes[j];
                results[i] = new ItemResult(idOf(dtos[i]), applied[j].Status, applied[j].Error);
            }
        }));

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

    private sealed class SiteBatch<TItem>
    {
        public List<int> Indexes { get; } = [];
        public List<TItem> Items { get; } = [];

        public void Add(int index, TItem item)
        {
            Indexes.Add(index);
            Items.Add(item);
        }
    }
}
