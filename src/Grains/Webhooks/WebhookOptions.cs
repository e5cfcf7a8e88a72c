namespace Canvass.Grains.Webhooks;

/// <summary>How webhooks are delivered and retried. Section <c>Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    /// <summary>The wait after a unit's first failed attempt; it doubles after each further failure. Default 1 s.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts. Default 5 min.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one attempt may take, connecting included, before it counts as failed. Default 10 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often a webhook renews its watch of each unit (within <c>Rollup:WatchLease</c>); each renewal also
    /// reads the unit's current summary, which repairs a change lost on the way. Default 5 s.
    /// </summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Deliveries of one webhook in flight at once (each to a different unit). Default 4.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 4;

    /// <summary>Webhooks one partner may have registered at once. Default 20.</summary>
    public int MaxPerPartner { get; set; } = 20;

    /// <summary>
    /// Networks in CIDR form (<c>10.20.0.0/16</c>, <c>::1/128</c>) that deliveries may reach although they are
    /// loopback, private, link-local and the like, or the cluster's own; each is checked at start. Default none:
    /// webhooks reach public addresses only.
    /// </summary>
    public string[] AllowedPrivateTargets { get; set; } = [];

    /// <summary>
    /// The cluster's own networks in CIDR form (pods, services, nodes), refused as targets even where they are
    /// public addresses, unless <see cref="AllowedPrivateTargets"/> holds them. Default none.
    /// </summary>
    public string[] ClusterNetworks { get; set; } = [];

    /// <summary>The first entry of the two network lists that is not a network in CIDR form, or null.</summary>
    public string? FirstBadNetwork() =>
        AllowedPrivateTargets.Concat(ClusterNetworks).FirstOrDefault(n => !Targets.TargetPolicy.TryParseNetwork(n, out _));
}
