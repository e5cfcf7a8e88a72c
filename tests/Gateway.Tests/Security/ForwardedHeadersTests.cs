using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Canvass.Gateway.Auth;

namespace Canvass.Gateway.Tests.Security;

/// <summary>What the proxy in front says, on both sides of the line: a known proxy and a client writing the same headers itself.</summary>
public static class Forwarded
{
    public const string ClientA = "198.51.100.7";
    public const string ClientB = "198.51.100.8";

    /// <summary>The gateway's own page as a browser behind TLS termination sees it: https on the same host.</summary>
    public static string SecureOrigin(EmbeddedHostFixture host) => $"https://{host.BaseAddress.Authority}";

    public static HttpRequestMessage Request(HttpMethod method, string path, string? proto = null, string? forwardedFor = null, string? origin = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (proto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", proto);
        }

        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }

    /// <summary>Asks the public list as <paramref name="client"/> until its address is limited; the 429 is returned.</summary>
    public static async Task ExhaustAsync(HttpClient anonymous, string client)
    {
        for (var i = 0; i < 50; i++)
        {
            using var answer = await anonymous.SendAsync(Request(HttpMethod.Get, "/api/public/case-places", forwardedFor: client));
            if (answer.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return;
            }
        }

        Assert.Fail($"{client} was never limited");
    }
}

/// <summary>Behind a known proxy (loopback configured): its X-Forwarded-Proto and X-Forwarded-For are the client's.</summary>
[Collection(ProxiedHostCollection.Name)]
public class KnownProxyTests(ProxiedHostFixture host)
{
    [Fact]
    public async Task The_gateways_own_https_page_may_open_the_stream_and_the_hub_behind_TLS_termination()
    {
        using var client = host.Client(host.Token(Roles.Display, "4403", "wall-behind-proxy"));
        var origin = Forwarded.SecureOrigin(host);

        using var stream = await client.SendAsync(Forwarded.Request(HttpMethod.Get, "/api/stream?units=440304", proto: "https", origin: origin), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        using var negotiate = await client.SendAsync(Forwarded.Request(HttpMethod.Post, "/hubs/monitor/negotiate?negotiateVersion=1", proto: "https", origin: origin));
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);

        // Without the proxy's word the request is http, and an https page is another origin.
        using var plain = await client.SendAsync(Forwarded.Request(HttpMethod.Post, "/hubs/monitor/negotiate?negotiateVersion=1", origin: origin));
        Assert.Equal(HttpStatusCode.Forbidden, plain.StatusCode);
    }

    [Fact]
    public async Task Absolute_links_name_the_scheme_the_client_used()
    {
        using var answer = await host.Client(null).SendAsync(Forwarded.Request(HttpMethod.Get, "/openapi/v1.json", proto: "https"));
        var document = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal($"https://{host.BaseAddress.Authority}/", document.GetProperty("servers")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task The_public_list_is_served_from_the_cache_and_limited_per_address()
    {
        // An address of its own (through the known proxy), so that no other test's requests count against it.
        const string client = "198.51.100.9";
        using var anonymous = host.Client(null);
        var tomorrow = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(1).ToString("yyyy-MM-dd");

        using var first = await anonymous.SendAsync(Forwarded.Request(HttpMethod.Get, $"/case-places?date={tomorrow}", forwardedFor: client));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        // A bogus token is no way around the cache.
        using var request = Forwarded.Request(HttpMethod.Get, $"/case-places?date={tomorrow}", forwardedFor: client);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        using var second = await anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.NotNull(second.Headers.Age);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());

        HttpResponseMessage? limited = null;
        for (var i = 0; i < 50 && limited is null; i++)
        {
            var answer = await anonymous.SendAsync(Forwarded.Request(HttpMethod.Get, $"/api/public/case-places?date={tomorrow}", forwardedFor: client));
            if (answer.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = answer;
            }
            else
            {
                Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
                answer.Dispose();
            }
        }

        Assert.NotNull(limited);
        Assert.NotNull(limited.Headers.RetryAfter);
        await IngestTests.ProblemAsync(limited, HttpStatusCode.TooManyRequests);
        limited.Dispose();
    }

    [Fact]
    public async Task The_public_lists_limit_counts_the_forwarded_client_address()
    {
        using var anonymous = host.Client(null);
        await Forwarded.ExhaustAsync(anonymous, Forwarded.ClientA);

        using var other = await anonymous.SendAsync(Forwarded.Request(HttpMethod.Get, "/api/public/case-places", forwardedFor: Forwarded.ClientB));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, other.StatusCode);
    }
}

/// <summary>No proxy configured (the default): the same headers sent by anyone are ignored.</summary>
[Collection(OpenLimitsHostCollection.Name)]
public class UnknownProxyTests(OpenLimitsHostFixture host)
{
    [Fact]
    public async Task X_Forwarded_Proto_from_an_unknown_proxy_does_not_make_an_https_page_the_gateways_own()
    {
        using var client = host.Client(host.Token(Roles.Display, "4403", "wall-spoofing"));
        var origin = Forwarded.SecureOrigin(host);

        using var stream = await client.SendAsync(Forwarded.Request(HttpMethod.Get, "/api/stream?units=440304", proto: "https", origin: origin), HttpCompletionOption.ResponseHeadersRead);
        var problem = await IngestTests.ProblemAsync(stream, HttpStatusCode.Forbidden);
        Assert.Equal("Origin not allowed", problem.GetProperty("title").GetString());
        using var negotiate = await client.SendAsync(Forwarded.Request(HttpMethod.Post, "/hubs/monitor/negotiate?negotiateVersion=1", proto: "https", origin: origin));
        Assert.Equal(HttpStatusCode.Forbidden, negotiate.StatusCode);

        using var document = await host.Client(null).SendAsync(Forwarded.Request(HttpMethod.Get, "/openapi/v1.json", proto: "https"));
        var servers = JsonDocument.Parse(await document.Content.ReadAsStringAsync()).RootElement.GetProperty("servers");
        Assert.Equal($"http://{host.BaseAddress.Authority}/", servers[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task X_Forwarded_For_from_an_unknown_proxy_does_not_buy_a_fresh_limit()
    {
        using var anonymous = host.Client(null);
        await Forwarded.ExhaustAsync(anonymous, Forwarded.ClientA);

        // Other claimed addresses are the same client (this connection's address): still limited, but for the
        // one token a second the bucket refills.
        var limited = 0;
        for (var i = 0; i < 10; i++)
        {
            using var other = await anonymous.SendAsync(Forwarded.Request(HttpMethod.Get, "/api/public/case-places", forwardedFor: $"198.51.100.{20 + i}"));
            limited += other.StatusCode == HttpStatusCode.TooManyRequests ? 1 : 0;
        }

        Assert.True(limited >= 8, $"only {limited} of 10 requests claiming other addresses were limited");
    }
}
