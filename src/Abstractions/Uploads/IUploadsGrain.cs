using Canvass.Contracts.Reports;

namespace Canvass.Abstractions.Uploads;

/// <summary>
/// Upload receipts, for a gateway that has no access to the store itself. A stateless worker: call it with key 0,
/// and each silo writes to and reads from the store.
/// </summary>
[Alias("canvass.IUploadsGrain")]
public interface IUploadsGrain : IGrainWithIntegerKey
{
    /// <summary>Stores the receipt durably before it returns; a failure throws (the batch is then answered 503).</summary>
    /// <param name="receipt">The receipt, as the batch's reply names it.</param>
    /// <param name="lagSeconds">Per site of the receipt, the lag (arrival − observation time, in seconds) of each accepted item.</param>
    /// <param name="teamSiteId">
    /// For a screening team's upload (a screener token's), the site it was last at (that of its latest observation):
    /// stored as the team's latest upload, which the silence sweep watches. Null for anyone else's.
    /// </param>
    [Alias("Record")]
    Task RecordAsync(UploadReceipt receipt, Dictionary<string, int[]> lagSeconds, string? teamSiteId);

    /// <summary>The receipt with this id, or null.</summary>
    [Alias("Get")]
    Task<UploadReceipt?> GetAsync(string id);

    /// <summary>Receipts with an item for a site under <paramref name="unitId"/> received from ≤ at ≤ to, newest first, at most <paramref name="limit"/>.</summary>
    [Alias("List")]
    Task<IReadOnlyList<UploadReceipt>> ListAsync(string unitId, DateTimeOffset from, DateTimeOffset to, int limit);

    /// <summary>Uploads, last upload and lag per subject and per site under <paramref name="unitId"/>, of the receipts received from ≤ at &lt; to.</summary>
    [Alias("Lag")]
    Task<UploadLagReport> LagAsync(string unitId, DateOnly date, DateTimeOffset from, DateTimeOffset to);
}
