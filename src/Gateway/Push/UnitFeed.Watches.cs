using Canvass.Abstractions.Push;
using Canvass.Registry;

namespace Canvass.Gateway.Push;

/// <summary>This host's watches on unit grains (<see cref="UnitWatches"/>, the same as a webhook's): one per unit.</summary>
public sealed partial class UnitFeed
{
    private static readonly TimeSpan RenewTimeout = TimeSpan.FromSeconds(5);
    private UnitWatches? _watches;

    private UnitWatches Watches => _watches ??= new UnitWatches(Reference, id => grains.Summary(registry.Get(id)));

    /// <summary>Renews every watch and offers what the grains hold now, repairing any change lost on the way.</summary>
    public async Task RenewAsync(CancellationToken cancellationToken)
    {
        foreach (var (unitId, error) in await Watches.RenewAsync(snapshot => Offer(snapshot, flushedAt: null), RenewTimeout, cancellationToken))
        {
            LogRenewFailed(error, unitId);
        }
    }

    private async Task ReleaseWatchAsync(RegistryUnit unit, bool includeChildren)
    {
        try
        {
            await Watches.ReleaseAsync(unit.Id, includeChildren);
        }
        catch (Exception e)
        {
            // The lease runs out by itself; nothing is lost but a little traffic.
            LogRenewFailed(e, unit.Id);
        }
    }
}
