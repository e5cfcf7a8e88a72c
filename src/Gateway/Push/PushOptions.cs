namespace Canvass.Gateway.Push;

/// <summary>How a gateway keeps its watches on unit grains. Section <c>Push</c>.</summary>
public sealed class PushOptions
{
    /// <summary>
    /// How often the gateway renews each watch (well within the grains' lease, Rollup:WatchLease) and compares the
    /// grain's current version with what it last sent, so that a change lost in transit is repaired. Default 5 s.
    /// </summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(5);
}
