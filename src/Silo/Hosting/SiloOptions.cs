namespace Canvass.Silo.Hosting;

/// <summary>How this silo process is hosted. Section <c>Silo</c>.</summary>
public sealed class SiloOptions
{
    /// <summary>Port for silo-to-silo traffic. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port Orleans clients (standalone gateways) connect to. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Serve the REST API and the monitor hub from this process too (the embedded default). Default true.</summary>
    public bool HostGateway { get; set; } = true;

    /// <summary>Serve the Orleans dashboard at <c>/dashboard</c>. Default true.</summary>
    public bool Dashboard { get; set; } = true;
}
