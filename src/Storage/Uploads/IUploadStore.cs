namespace Canvass.Storage.Uploads;

/// <summary>
/// Upload receipts in the journal's store: one row per receipt (its document as JSON) and one index row per unit it
/// touches (each site of the receipt and every unit above it), so that a unit's receipts are one range read.
/// Receipts are only ever added. Beside them, one row per screening team (<see cref="TeamUpload"/>): its latest upload,
/// which the silence sweep reads.
/// </summary>
public interface IUploadStore
{
    /// <summary>
    /// Stores the receipt and its index rows in one transaction, durably, before it returns; a team's upload
    /// (<see cref="StoredUpload.TeamSiteId"/>) becomes its subject's <see cref="TeamUpload"/> in the same transaction
    /// unless the one held arrived later.
    /// </summary>
    Task AddAsync(StoredUpload upload, CancellationToken cancellationToken = default);

    /// <summary>The receipt with this id, or null.</summary>
    Task<StoredUpload?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Receipts indexed under <paramref name="unitId"/> with <paramref name="from"/> ≤ received ≤ <paramref name="to"/>,
    /// newest first (ties by id, descending), at most <paramref name="limit"/>; their <see cref="StoredUpload.Units"/> are empty.
    /// </summary>
    Task<IReadOnlyList<StoredUpload>> ListAsync(string unitId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken = default);

    /// <summary>The teams whose latest upload arrived at or after <paramref name="from"/>: one row per team heard from lately.</summary>
    Task<IReadOnlyList<TeamUpload>> ListTeamsAsync(DateTimeOffset from, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks the team silent since its latest upload, at that upload's site, if that upload is still the one that
    /// arrived at <paramref name="since"/> and no mark is held; whether it did.
    /// </summary>
    Task<bool> MarkSilentAsync(string subject, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Takes back the team's mark of silence since <paramref name="since"/>; whether one was held.</summary>
    Task<bool> UnmarkSilentAsync(string subject, DateTimeOffset since, CancellationToken cancellationToken = default);
}
