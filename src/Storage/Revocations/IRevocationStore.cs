namespace Canvass.Storage.Revocations;

/// <summary>
/// Token revocations in the journal's store. They are only ever added: a revocation is kept for good (a subject's
/// tokens issued after it are valid again, so keeping it costs nothing but a row).
/// </summary>
public interface IRevocationStore
{
    /// <summary>Stores the revocation durably before it returns.</summary>
    Task AddAsync(StoredRevocation revocation, CancellationToken cancellationToken = default);

    /// <summary>Every revocation, in the order they were added.</summary>
    Task<IReadOnlyList<StoredRevocation>> ListAsync(CancellationToken cancellationToken = default);
}
