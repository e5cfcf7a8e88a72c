namespace Canvass.Silo.Hosting;

/// <summary>How this silo process is hosted. Section <c>Silo</c>.</summary>
public sealed class SiloOptions
{
    /// <summary>Port for silo-to-silo traffic. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port Orleans clients (standalone gateways) connect to. Default 30000.</summary>
    public int GatewayPort { get; set; } = Gateway.Hosting.ClusterSettings.DefaultGatewayPort;

    /// <summary>The address other silos and gateways reach this silo at (Redis clustering). Default 127.0.0.1.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>The address the silo and gateway ports bind to; <c>0.0.0.0</c> for all. Default: the advertised address.</summary>
    public string? ListenAddress { get; set; }

    /// <summary>Serve the REST API and the monitor hub from this process too (the embedded default). Default true.</summary>
    public bool HostGateway { get; set; } = true;

    /// <summary>
    /// Serve the Orleans dashboard at <c>/dashboard</c>, to admin tokens only (see <see cref="DashboardAnonymous"/>).
    /// Default true. A silo without the gateway then needs <c>Auth:SigningKey</c> or <c>Auth:Authority</c> to check them.
    /// </summary>
    public bool Dashboard { get; set; } = true;

    /// <summary>
    /// Local development only: serve the dashboard to anyone who reaches the port, no token asked. It shows grain ids,
    /// the cluster's layout and a live log stream. Default false.
    /// </summary>
    public bool DashboardAnonymous { get; set; }
}
