using System.Net;
using Canvass.Abstractions.Configuration;
using Microsoft.Extensions.Options;

namespace Canvass.Gateway.Hosting;

/// <summary>Checks the <c>ForwardedHeaders</c> section: every proxy an IP address, every network in CIDR notation.</summary>
public sealed class ProxySettingsValidator : IValidateOptions<ProxySettings>
{
    public ValidateOptionsResult Validate(string? name, ProxySettings options)
    {
        var failures = new OptionsFailures();
        foreach (var proxy in options.KnownProxies)
        {
            failures.Check(IPAddress.TryParse(proxy, out _), $"ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address.");
        }

        foreach (var network in options.KnownNetworks)
        {
            failures.Check(System.Net.IPNetwork.TryParse(network, out _),
                $"ForwardedHeaders:KnownNetworks: '{network}' is not a network in CIDR notation, such as 10.0.0.0/8.");
        }

        return failures.Result;
    }
}
