using System.Net;
using Canvass.Abstractions.Configuration;
using Microsoft.Extensions.Options;

namespace Canvass.Silo.Hosting;

/// <summary>Checks the <c>Silo</c> section: two distinct port numbers and addresses that parse.</summary>
public sealed class SiloOptionsValidator : IValidateOptions<SiloOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloOptions o) => new OptionsFailures()
        .Check(o.SiloPort is > 0 and <= 65535 && o.GatewayPort is > 0 and <= 65535, "Silo:SiloPort and Silo:GatewayPort must be port numbers (1 to 65535).")
        .Check(o.SiloPort != o.GatewayPort, "Silo:SiloPort and Silo:GatewayPort must differ.")
        .Check(IPAddress.TryParse(o.AdvertisedAddress, out _), $"Silo:AdvertisedAddress '{o.AdvertisedAddress}' is not an IP address.")
        .Check(o.ListenAddress is null || IPAddress.TryParse(o.ListenAddress, out _), $"Silo:ListenAddress '{o.ListenAddress}' is not an IP address (0.0.0.0 for all).")
        .Result;
}
