using System.Text.Json;
using Canvass.Abstractions.Uploads;
using Canvass.Contracts.Reports;
using Canvass.Registry;
using Canvass.Storage.Uploads;
using Orleans.Concurrency;

namespace Canvass.Grains.Uploads;

/// <summary>Writes and reads upload receipts for callers without access to the store (a standalone gateway).</summary>
/// <remarks>No state: a stateless worker on every silo, each call interleaving with the others while it waits on the store.</remarks>
[StatelessWorker, Reentrant]
public sealed class UploadsGrain(IUploadStore store, UnitRegistry registry) : Grain, IUploadsGrain
{
    public Task RecordAsync(UploadReceipt receipt, Dictionary<string, int[]> lagSeconds, string? teamSiteId)
    {
        // Listed under each site and every unit above it, so that any unit's list is one index range.
        var units = new HashSet<string>(StringComparer.Ordinal);
        foreach (var siteId in receipt.Sites)
        {
            for (var unit = registry.TryGet(siteId, out var site) ? site : null; unit is not null && units.Add(unit.Id); unit = unit.Parent)
            {
            }
        }

        var document = JsonSerializer.Serialize(new UploadDocument(receipt, lagSeconds), WireJsonOptions.Default);
        return store.AddAsync(new StoredUpload(receipt.Id, receipt.ReceivedAt, receipt.Subject, [.. units], document, teamSiteId));
    }

    public async Task<UploadReceipt?> GetAsync(string id) =>
        await store.GetAsync(id) is { } stored ? Read(stored).Receipt : null;

    public async Task<IReadOnlyList<UploadReceipt>> ListAsync(string unitId, DateTimeOffset from, DateTimeOffset to, int limit) =>
        [.. (await store.ListAsync(unitId, from, to, limit)).Select(stored => Read(stored).Receipt)];

    public async Task<UploadLagReport> LagAsync(string unitId, DateOnly date, DateTimeOffset from, DateTimeOffset to)
    {
        var stored = await store.ListAsync(unitId, from, to.AddTicks(-1), UploadLimits.MaxLagReceipts + 1);
        var truncated = stored.Count > UploadLimits.MaxLagReceipts;
        var unit = registry.Get(unitId);
        var figures = new UploadLagFigures();
        foreach (var upload in stored.Take(UploadLimits.MaxLagReceipts))
        {
            figures.Add(Read(upload), site => Holds(unit, site));
        }

        return new UploadLagReport(unitId, date, figures.Subjects(), figures.Sites(), truncated);
    }

    private bool Holds(RegistryUnit unit, string siteId)
    {
        // A receipt listed under the unit may also hold sites of other units: only the unit's own count.
        for (var u = registry.TryGet(siteId, out var site) ? site : null; u is not null; u = u.Parent)
        {
            if (ReferenceEquals(u, unit))
            {
                return true;
            }
        }

        return false;
    }

    private UploadDocument Read(StoredUpload stored)
    {
        var document = JsonSerializer.Deserialize<UploadDocument>(stored.Document, WireJsonOptions.Default)
            ?? throw new InvalidDataException($"The upload {stored.Id} holds no receipt.");
        return document with { Receipt = document.Receipt with { ReceivedAt = registry.ToLocal(document.Receipt.ReceivedAt) } };
    }
}

/// <summary>A receipt as kept in the store: the receipt, and per site the lag (seconds) of each item accepted.</summary>
internal sealed record UploadDocument(UploadReceipt Receipt, Dictionary<string, int[]> LagSeconds);
