using Canvass.Contracts.Reports;
using Canvass.Gateway.Auth;
using Canvass.Gateway.Hosting;
using Canvass.Registry;

namespace Canvass.Gateway.Ingest;

/// <summary>
/// Ingest of a batch of any <see cref="IReportKind{TDto, TItem}"/>: checks each item (the shared id and site checks,
/// then the kind's), hands each site its valid items in one call, and answers only once every site has applied its
/// share: an accepted result is an acknowledgement. A batch with an item accepted or a duplicate then gets its receipt,
/// stored before the reply too (a failure to store it fails the batch, which the route answers 503: the resend's
/// items are duplicates and get a receipt of their own). A screening team's receipt also records where the team was
/// last, in the same write: what the silence sweep watches, so the batch costs no grain call more.
/// </summary>
public sealed class IngestPipeline(UnitGrains grains, UnitRegistry registry, ScreeningWindow window)
{
    /// <param name="scope">The sender's unit: items for sites outside it (all, when null) are refused one by one, as unknown sites.</param>
    /// <param name="submittedBy">The sender's token subject, journaled with each item.</param>
    /// <param name="team">Whether the sender is a screening team (a screener token), whose silence is watched.</param>
    public async Task<IngestResult> IngestAsync<TDto, TItem>(IReportKind<TDto, TItem> kind, IReadOnlyList<TDto> dtos, RegistryUnit? scope, string? submittedBy, CsvRows? rows = null, bool team = false)
        where TDto : class
    {
        var times = await window.GetAsync();
        var results = new ReportResult[dtos.Count];
        var bySite = new Dictionary<string, SiteBatch<TItem>>(StringComparer.Ordinal);
        for (var i = 0; i < dtos.Count; i++)
        {
            var dto = dtos[i];
            var site = kind.SiteOf(dto);
            var error = CheckShared(kind.IdName, kind.IdOf(dto), site, scope, out var unit);
            TItem? item = default;
            if (error is null)
            {
                (item, error) = kind.Check(dto, unit!, times);
            }

            if (error is null)
            {
                if (!bySite.TryGetValue(site!, out var batch))
                {
                    bySite[site!] = batch = new SiteBatch<TItem>();
                }

                batch.Add(i, item!);
            }
            else
            {
                results[i] = new ReportResult(kind.IdOf(dto), ReportStatus.Rejected, error);
            }
        }

        await Task.WhenAll(bySite.Select(async site =>
        {
            var applied = await kind.ApplyAsync(grains.Site(site.Key), [.. site.Value.Items], submittedBy);
            for (var j = 0; j < applied.Length; j++)
            {
                var i = site.Value.Indexes[j];
                var status = applied[j].Status;
                var pathId = status == ReportStatus.Rejected ? null : kind.PathIdOf(dtos[i]);
                results[i] = new ReportResult(kind.IdOf(dtos[i]), status, applied[j].Error, pathId);
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

        // A CSV batch answers by row, the rows refused before the pipeline among them; its receipt keeps the same.
        var answer = new IngestResult(accepted, duplicates, rejected, results);
        answer = rows?.Number(answer) ?? answer;
        var receiptId = accepted + duplicates > 0 ? await RecordAsync(kind, dtos, results, answer, times.Now, submittedBy, team) : null;
        return answer with { ReceiptId = receiptId };
    }

    /// <summary>Stores the batch's receipt through the silos and returns its id: sites and lags from the items, counts and refusals from the answer.</summary>
    private async Task<string> RecordAsync<TDto, TItem>(IReportKind<TDto, TItem> kind, IReadOnlyList<TDto> dtos, ReportResult[] results, IngestResult counts, DateTimeOffset now, string? submittedBy, bool team)
        where TDto : class
    {
        var sites = new List<string>();
        var lags = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var rejectedItems = new List<UploadRejection>();
        for (var i = 0; i < counts.Results.Count; i++)
        {
            if (counts.Results[i] is { Status: ReportStatus.Rejected } result)
            {
                rejectedItems.Add(new UploadRejection(i, result.ReportId, result.Error ?? "rejected", result.Row));
            }
        }

        DateTimeOffset? from = null, to = null;
        string? latestSite = null;
        for (var i = 0; i < results.Length; i++)
        {
            var result = results[i];
            if (result.Status == ReportStatus.Rejected)
            {
                continue;
            }

            var site = kind.SiteOf(dtos[i])!;
            if (!lags.TryGetValue(site, out var siteLags))
            {
                sites.Add(site);
                lags[site] = siteLags = [];
            }

            // An item that gives no time (a care request) was observed as it arrived.
            var observed = kind.ObservedAtOf(dtos[i]) ?? now;
            from = from is null || observed < from ? observed : from;
            latestSite = to is null || observed >= to ? site : latestSite;
            to = to is null || observed > to ? observed : to;
            if (result.Status == ReportStatus.Accepted)
            {
                // A phone's clock a little ahead (within the skew) is no lag.
                siteLags.Add((int)Math.Clamp((now - observed).TotalSeconds, 0, int.MaxValue));
            }
        }

        var receipt = new UploadReceipt(
            "u-" + Guid.CreateVersion7(now).ToString("N"), kind.UploadKind, submittedBy, registry.ToLocal(now),
            from is null ? null : registry.ToLocal(from.Value), to is null ? null : registry.ToLocal(to.Value),
            counts.Accepted, counts.Duplicates, counts.Rejected, sites, rejectedItems);
        // A team is where its latest observation was.
        await grains.Uploads.RecordAsync(receipt, lags.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal), team && submittedBy is not null ? latestSite : null);
        return receipt.Id;
    }

    /// <summary>The checks every kind shares: a usable report id, a site of the registry within the sender's scope.</summary>
    private string? CheckShared(string idName, string? id, string? siteId, RegistryUnit? scope, out RegistryUnit? site)
    {
        site = null;
        if (FieldRules.CheckId(idName, id) is { } badId)
        {
            return badId;
        }

        if (string.IsNullOrWhiteSpace(siteId))
        {
            return "siteId is required.";
        }

        return !registry.TryGet(siteId, out site) || !site.IsSite || !scope.Contains(site)
            ? $"site '{siteId}' is not a site of the registry."
            : null;
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
