using Canvass.Storage.Revocations;

namespace Canvass.Storage.Memory;

/// <summary>Revocations in process memory: the same contract, lost on exit, as the memory journal is.</summary>
public sealed class MemoryRevocationStore : IRevocationStore
{
    private readonly List<StoredRevocation> _revocations = [];

    public Task AddAsync(StoredRevocation revocation, CancellationToken cancellationToken = default)
    {
        lock (_revocations)
        {
            _revocations.Add(revocation);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StoredRevocation>> ListAsync(CancellationToken cancellationToken = default)
    {
        lock (_revocations)
        {
            return Task.FromResult<IReadOnlyList<StoredRevocation>>([.. _revocations]);
        }
    }
}
