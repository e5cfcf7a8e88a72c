using System.Net;
using System.Net.Sockets;

namespace Canvass.Grains.Webhooks.Targets;

/// <summary>
/// Which addresses a webhook may be delivered to. Everything that reaches inside is refused: loopback, private,
/// link-local (cloud metadata at 169.254.169.254 among them), CGNAT, multicast, unspecified and broadcast, IPv6
/// unique-local, the IPv4 forms hidden in IPv6 (mapped, compatible, NAT64, 6to4), and the cluster's own networks
/// (<c>Webhooks:ClusterNetworks</c>); unless a network of <c>Webhooks:AllowedPrivateTargets</c> holds the address.
/// </summary>
public sealed class TargetPolicy
{
    private static readonly (IPNetwork Network, string Kind)[] Refused =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "unspecified"),
        (IPNetwork.Parse("10.0.0.0/8"), "private"),
        (IPNetwork.Parse("100.64.0.0/10"), "shared (CGNAT)"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local"),
        (IPNetwork.Parse("172.16.0.0/12"), "private"),
        (IPNetwork.Parse("192.168.0.0/16"), "private"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        // Reserved, with the limited broadcast 255.255.255.255 at its end.
        (IPNetwork.Parse("240.0.0.0/4"), "reserved or broadcast"),
        (IPNetwork.Parse("::/128"), "unspecified"),
        (IPNetwork.Parse("::1/128"), "loopback"),
        (IPNetwork.Parse("fe80::/10"), "link-local"),
        (IPNetwork.Parse("fec0::/10"), "site-local"),
        (IPNetwork.Parse("fc00::/7"), "unique-local"),
        (IPNetwork.Parse("ff00::/8"), "multicast"),
    ];

    private static readonly IPNetwork Compatible = IPNetwork.Parse("::/96");
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    private readonly IPNetwork[] _allowed;
    private readonly IPNetwork[] _cluster;

    public TargetPolicy(IEnumerable<IPNetwork> allowed, IEnumerable<IPNetwork> cluster)
    {
        _allowed = [.. allowed];
        _cluster = [.. cluster];
    }

    /// <summary>The policy of <see cref="WebhookOptions"/>, whose networks were validated at start.</summary>
    public static TargetPolicy From(WebhookOptions options) =>
        new(options.AllowedPrivateTargets.Select(Parse), options.ClusterNetworks.Select(Parse));

    /// <summary>
    /// A network in CIDR form with no bits set after its prefix (<c>10.0.0.0/8</c>, not <c>10.0.0.1/8</c>, which
    /// would read as a single host to one operator and as the whole /8 to another).
    /// </summary>
    public static bool TryParseNetwork(string? text, out IPNetwork network)
    {
        network = default;
        var slash = text?.IndexOf('/') ?? -1;
        return slash > 0 && IPNetwork.TryParse(text, out network) && IPAddress.TryParse(text.AsSpan(0, slash), out var address) && address.Equals(network.BaseAddress);
    }

    private static IPNetwork Parse(string text) =>
        TryParseNetwork(text, out var network) ? network : throw new FormatException($"'{text}' is not a network in CIDR form.");

    /// <summary>Null when a delivery may connect to <paramref name="address"/>, else the kind of network that refuses it.</summary>
    public string? Refuses(IPAddress address)
    {
        var normal = Normalize(address);
        if (_allowed.Any(n => n.Contains(normal)))
        {
            return null;
        }

        if (_cluster.Any(n => n.Contains(normal)))
        {
            return "cluster";
        }

        foreach (var (network, kind) in Refused)
        {
            if (network.Contains(normal))
            {
                return kind;
            }
        }

        return null;
    }

    /// <summary>
    /// The IPv4 address an IPv6 one stands for, when it embeds one (mapped <c>::ffff:a.b.c.d</c>, compatible
    /// <c>::a.b.c.d</c>, NAT64 <c>64:ff9b::a.b.c.d</c>, 6to4 <c>2002:aabb:ccdd::</c>), so that the IPv4 rules apply
    /// to it; otherwise the address itself.
    /// </summary>
    internal static IPAddress Normalize(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        if ((Compatible.Contains(address) && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.IPv6Loopback)) || Nat64.Contains(address))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        return SixToFour.Contains(address) ? new IPAddress(bytes.AsSpan(2, 4)) : address;
    }
}
