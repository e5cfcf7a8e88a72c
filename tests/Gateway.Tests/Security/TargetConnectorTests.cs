using System.Net;
using System.Text;
using Canvass.Grains.Webhooks;
using Canvass.Grains.Webhooks.Targets;

namespace Canvass.Gateway.Tests.Security;

/// <summary>
/// The connect step every delivery goes through, with a real receiver on loopback: refused when loopback is not
/// allowed, whatever a name resolves to, and connecting to the address it checked, not to the name again.
/// </summary>
public class TargetConnectorTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef";
    private static readonly WebhookOptions Options = new() { Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task A_loopback_receiver_is_not_reached_while_loopback_is_not_allowed()
    {
        await using var receiver = new WebhookReceiver(Secret);
        await receiver.StartAsync();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync(new TargetConnector(new TargetPolicy([], [])), receiver.Url));

        Assert.Equal(WebhookSender.Refused, WebhookSender.Category(error));
        Assert.Empty(receiver.Deliveries);
    }

    [Fact]
    public async Task A_name_is_resolved_once_per_connection_and_refused_when_it_turns_to_the_inside()
    {
        await using var receiver = new WebhookReceiver(Secret);
        await receiver.StartAsync();
        // A rebinding name: checked against an allowed address, then answering a refused one.
        var answers = new Queue<IPAddress[]>([[IPAddress.Parse("127.0.0.2")], [IPAddress.Loopback]]);
        var connector = new TargetConnector(new TargetPolicy([IPNetwork.Parse("127.0.0.2/32")], []), (_, _) => Task.FromResult(answers.Dequeue()));

        Assert.Null(await connector.RefusalAsync(new Uri($"http://rebind.test:{receiver.Port}/hook"), TimeSpan.FromSeconds(5)));
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync(connector, $"http://rebind.test:{receiver.Port}/hook"));

        Assert.Equal(WebhookSender.Refused, WebhookSender.Category(error));
        Assert.Empty(answers);
        Assert.Empty(receiver.Deliveries);
    }

    [Fact]
    public async Task One_refused_address_among_those_a_name_resolves_to_refuses_the_name()
    {
        await using var receiver = new WebhookReceiver(Secret);
        await receiver.StartAsync();
        var connector = new TargetConnector(new TargetPolicy([IPNetwork.Parse("127.0.0.2/32")], []),
            (_, _) => Task.FromResult<IPAddress[]>([IPAddress.Parse("127.0.0.2"), IPAddress.Loopback]));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync(connector, $"http://two.test:{receiver.Port}/hook"));

        Assert.Equal(WebhookSender.Refused, WebhookSender.Category(error));
        Assert.Empty(receiver.Deliveries);
    }

    [Fact]
    public async Task An_allowed_name_connects_to_the_address_it_was_checked_at()
    {
        await using var receiver = new WebhookReceiver(Secret);
        await receiver.StartAsync();
        var asked = new List<string>();
        var connector = new TargetConnector(new TargetPolicy([IPNetwork.Parse("127.0.0.0/8")], []), (host, _) =>
        {
            asked.Add(host);
            return Task.FromResult<IPAddress[]>([IPAddress.Loopback]);
        });

        using var response = await PostAsync(connector, $"http://receiver.test:{receiver.Port}/hook");

        Assert.Equal(["receiver.test"], asked);
        Assert.Single(receiver.Deliveries);
    }

    [Theory]
    [InlineData("http://localhost:9/hook")]
    [InlineData("http://a.localhost:9/hook")]
    [InlineData("http://127.0.0.1:9/hook")]
    [InlineData("http://[::1]:9/hook")]
    [InlineData("http://[::ffff:127.0.0.1]:9/hook")]
    [InlineData("http://2130706433:9/hook")]
    public async Task Every_spelling_of_loopback_is_refused_at_registration_without_asking_a_resolver(string url)
    {
        var connector = new TargetConnector(new TargetPolicy([], []), (host, _) => throw new InvalidOperationException($"asked a resolver for {host}"));

        var refusal = await connector.RefusalAsync(new Uri(url), TimeSpan.FromSeconds(5));

        Assert.Contains("may not reach (loopback)", refusal);
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_is_accepted_at_registration_and_checked_again_at_delivery()
    {
        var connector = new TargetConnector(new TargetPolicy([], []), (_, _) => throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound));

        Assert.Null(await connector.RefusalAsync(new Uri("http://not-yet.test/hook"), TimeSpan.FromSeconds(5)));
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync(connector, "http://not-yet.test/hook"));
        Assert.Equal(WebhookSender.ConnectionFailed, WebhookSender.Category(error));
    }

    private static async Task<HttpResponseMessage> PostAsync(TargetConnector connector, string url)
    {
        using var http = new HttpClient(WebhookSender.Handler(Options, connector));
        var response = await http.PostAsync(url, new StringContent("{}", Encoding.UTF8, "application/json"));
        return response;
    }
}
