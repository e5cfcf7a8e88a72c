using Canvass.Abstractions.Tokens;
using Canvass.Registry;
using Canvass.Storage.Webhooks;

namespace Canvass.Grains.Webhooks;

/// <summary>
/// Whether a webhook's partner still holds the authority it registered with: a revocation of the partner's subject
/// after the registration (within a unit reaching every unit of the webhook) revoked the token that made it, so the
/// webhook delivers no more. Asks the revocation grain at most every <see cref="CheckEvery"/>; once revoked, stays so.
/// </summary>
internal sealed class PartnerAuthority(IGrainFactory grains, UnitRegistry registry, TimeProvider time)
{
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(2);

    private int _known;
    private bool _revoked;
    private DateTimeOffset _checkedAt = DateTimeOffset.MinValue;

    public async Task<bool> IsRevokedAsync(StoredWebhook webhook)
    {
        var now = time.GetUtcNow();
        if (_revoked || now - _checkedAt < CheckEvery)
        {
            return _revoked;
        }

        var set = await grains.GetGrain<IRevocationGrain>(0).GetSinceAsync(_known);
        _checkedAt = now;
        if (set is not null)
        {
            _known = set.Count;
            _revoked = set.Revocations.Any(r => r.Subject == webhook.Partner && r.RevokedAt >= webhook.CreatedAt && Reaches(r.Unit, webhook.Units));
        }

        return _revoked;
    }

    private bool Reaches(string scopeId, IReadOnlyList<string> units) =>
        registry.TryGet(scopeId, out var scope) && units.All(id => registry.TryGet(id, out var unit) && Within(unit, scope));

    private static bool Within(RegistryUnit unit, RegistryUnit scope)
    {
        for (var current = unit; current is not null; current = current.Parent)
        {
            if (ReferenceEquals(current, scope))
            {
                return true;
            }
        }

        return false;
    }
}
