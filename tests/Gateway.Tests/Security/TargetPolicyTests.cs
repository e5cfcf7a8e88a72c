using System.Net;
using Canvass.Grains.Hosting;
using Canvass.Grains.Webhooks;
using Canvass.Grains.Webhooks.Targets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Canvass.Gateway.Tests.Security;

/// <summary>Which addresses a webhook may reach: classification of literal addresses only, no traffic.</summary>
public class TargetPolicyTests
{
    private static readonly TargetPolicy Closed = new([], []);

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.0.9", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("10.0.0.5", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.254", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("100.64.0.1", "shared (CGNAT)")]
    [InlineData("100.127.255.254", "shared (CGNAT)")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("255.255.255.255", "reserved or broadcast")]
    [InlineData("fd00:ec2::254", "unique-local")]
    [InlineData("fc00::1", "unique-local")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:169.254.169.254", "link-local")]
    [InlineData("::ffff:10.1.2.3", "private")]
    [InlineData("64:ff9b::a9fe:a9fe", "link-local")]
    [InlineData("2002:c0a8:0101::1", "private")]
    [InlineData("::7f00:1", "loopback")]
    public void Addresses_that_reach_inside_are_refused_with_their_kind(string address, string kind) =>
        Assert.Equal(kind, Closed.Refuses(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("::ffff:8.8.8.8")]
    public void Public_addresses_are_allowed(string address) => Assert.Null(Closed.Refuses(IPAddress.Parse(address)));

    [Fact]
    public void The_allow_list_opens_its_networks_only_in_every_form_of_the_address()
    {
        var policy = new TargetPolicy([IPNetwork.Parse("10.20.0.0/16"), IPNetwork.Parse("::1/128")], []);

        Assert.Null(policy.Refuses(IPAddress.Parse("10.20.3.4")));
        Assert.Null(policy.Refuses(IPAddress.Parse("::ffff:10.20.3.4")));
        Assert.Null(policy.Refuses(IPAddress.IPv6Loopback));
        Assert.Equal("private", policy.Refuses(IPAddress.Parse("10.21.0.1")));
        Assert.Equal("loopback", policy.Refuses(IPAddress.Loopback));
    }

    [Fact]
    public void Cluster_networks_are_refused_though_public_unless_allowed()
    {
        var cluster = IPNetwork.Parse("203.0.113.0/24");

        Assert.Equal("cluster", new TargetPolicy([], [cluster]).Refuses(IPAddress.Parse("203.0.113.9")));
        Assert.Null(new TargetPolicy([], [cluster]).Refuses(IPAddress.Parse("203.0.114.9")));
        Assert.Null(new TargetPolicy([IPNetwork.Parse("203.0.113.8/29")], [cluster]).Refuses(IPAddress.Parse("203.0.113.9")));
    }

    [Theory]
    [InlineData("AllowedPrivateTargets", "10.0.0.1/8")]
    [InlineData("AllowedPrivateTargets", "10.0.0.0/33")]
    [InlineData("AllowedPrivateTargets", "loopback")]
    [InlineData("ClusterNetworks", "")]
    [InlineData("ClusterNetworks", "fd00::/129")]
    public void A_list_entry_that_is_not_a_network_in_CIDR_form_stops_the_start(string list, string entry)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new() { [$"Webhooks:{list}:0"] = "127.0.0.0/8", [$"Webhooks:{list}:1"] = entry }));

        Assert.Contains("CIDR form", error.Message);
    }

    [Fact]
    public void Networks_in_CIDR_form_are_taken()
    {
        var options = Options(new() { ["Webhooks:AllowedPrivateTargets:0"] = "127.0.0.0/8", ["Webhooks:AllowedPrivateTargets:1"] = "::1/128", ["Webhooks:ClusterNetworks:0"] = "10.0.0.0/8" });

        Assert.Equal(["127.0.0.0/8", "::1/128"], options.AllowedPrivateTargets);
        Assert.Equal(20, options.MaxPerPartner);
    }

    /// <summary>The options as a silo binds and validates them (what ValidateOnStart runs at start).</summary>
    private static WebhookOptions Options(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddScreeningGrains(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<WebhookOptions>>().Value;
    }
}
