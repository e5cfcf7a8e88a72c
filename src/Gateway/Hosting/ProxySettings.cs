using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Canvass.Gateway.Hosting;

/// <summary>
/// Which proxies may say who the client is and which scheme and host it used (<c>X-Forwarded-For</c>,
/// <c>-Proto</c>, <c>-Host</c>). Section <c>ForwardedHeaders</c>. Nobody by default: ASP.NET Core would trust
/// loopback, but a header a client writes itself must not choose the address its limits count against, nor make a
/// foreign page pass the Origin check.
/// </summary>
public sealed class ProxySettings
{
    /// <summary>Addresses of proxies whose forwarded headers are honoured, such as <c>10.0.0.5</c>. Default none.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of such proxies in CIDR notation, such as <c>10.0.0.0/8</c>. Default none.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public const string Section = "ForwardedHeaders";

    /// <summary>The middleware's options: the configured proxies and networks only (checked by <see cref="ProxySettingsValidator"/>).</summary>
    public void Apply(ForwardedHeadersOptions options)
    {
        // With both lists empty the middleware skips its check and trusts every sender: none configured must mean
        // no forwarded header is read at all.
        options.ForwardedHeaders = KnownProxies.Count == 0 && KnownNetworks.Count == 0
            ? ForwardedHeaders.None
            : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // The older name of the same list; cleared too in case a version keeps them apart.
        options.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
        foreach (var proxy in KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        foreach (var network in KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }
    }
}
