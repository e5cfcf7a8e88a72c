using Canvass.Storage.Uploads;

namespace Canvass.Storage.Memory;

/// <summary>Upload receipts in process memory: the same contract, lost on exit, as the memory journal is.</summary>
public sealed class MemoryUploadStore : IUploadStore
{
    private readonly Dictionary<string, StoredUpload> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<StoredUpload>> _byUnit = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TeamUpload> _teams = new(StringComparer.Ordinal);

    public Task AddAsync(StoredUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload.Document);
        var stored = upload with { ReceivedAt = upload.ReceivedAt.ToUniversalTime(), Units = [], TeamSiteId = null };
        lock (_byId)
        {
            if (!_byId.TryAdd(upload.Id, stored))
            {
                throw new InvalidOperationException($"An upload with id {upload.Id} is stored already.");
            }

            foreach (var unit in upload.Units.Distinct(StringComparer.Ordinal))
            {
                if (!_byUnit.TryGetValue(unit, out var list))
                {
                    _byUnit[unit] = list = [];
                }

                list.Add(stored);
            }

            if (upload is { TeamSiteId: { } site, Subject: { } subject })
            {
                var held = _teams.GetValueOrDefault(subject);
                if (held is null || stored.ReceivedAt > held.ReceivedAt)
                {
                    // The mark of silence stays until the sweep has cleared what it stands for.
                    _teams[subject] = (held ?? new TeamUpload(subject, stored.ReceivedAt, site)) with { ReceivedAt = stored.ReceivedAt, SiteId = site };
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<StoredUpload?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_byId)
        {
            return Task.FromResult(_byId.GetValueOrDefault(id));
        }
    }

    public Task<IReadOnlyList<StoredUpload>> ListAsync(string unitId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken = default)
    {
        lock (_byId)
        {
            IReadOnlyList<StoredUpload> list = _byUnit.TryGetValue(unitId, out var uploads)
                ? uploads.Where(u => u.ReceivedAt >= from && u.ReceivedAt <= to)
                    .OrderByDescending(u => u.ReceivedAt).ThenByDescending(u => u.Id, StringComparer.Ordinal).Take(limit).ToArray()
                : [];
            return Task.FromResult(list);
        }
    }

    public Task<IReadOnlyList<TeamUpload>> ListTeamsAsync(DateTimeOffset from, CancellationToken cancellationToken = default)
    {
        lock (_byId)
        {
            return Task.FromResult<IReadOnlyList<TeamUpload>>([.. _teams.Values.Where(t => t.ReceivedAt >= from)]);
        }
    }

    public Task<bool> MarkSilentAsync(string subject, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        lock (_byId)
        {
            if (!_teams.TryGetValue(subject, out var team) || team.ReceivedAt != since || team.SilentSince is not null)
            {
                return Task.FromResult(false);
            }

            _teams[subject] = team with { SilentSiteId = team.SiteId, SilentSince = team.ReceivedAt };
            return Task.FromResult(true);
        }
    }

    public Task<bool> UnmarkSilentAsync(string subject, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        lock (_byId)
        {
            if (!_teams.TryGetValue(subject, out var team) || team.SilentSince != since)
            {
                return Task.FromResult(false);
            }

            _teams[subject] = team with { SilentSiteId = null, SilentSince = null };
            return Task.FromResult(true);
        }
    }
}
