namespace Canvass.Storage.Uploads;

/// <summary>
/// Upload receipts in the journal's store: one row per receipt (its document as JSON) and one index row per unit it
/// touches (each site of the receipt and every unit above it), so that a unit's receipts are one range read.
/// Receipts are only ever added.
/// </summary>
public interface IUploadStore
{
    /// <summary>Stores the receipt and its index rows in one transaction, durably, before it returns.</summary>
    Task AddAsync(StoredUpload upload, CancellationToken cancellationToken = default);

    /// <summary>The receipt with this id, or null.</summary>
    Task<StoredUpload?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Receipts indexed under <paramref name="unitId"/> with <paramref name="from"/> ≤ received ≤ <paramref name="to"/>,
    /// newest first (ties by id, descending), at most <paramref name="limit"/>; their <see cref="StoredUpload.Units"/> are empty.
    /// </summary>
    Task<IReadOnlyList<StoredUpload>> ListAsync(string unitId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken = default);
}
