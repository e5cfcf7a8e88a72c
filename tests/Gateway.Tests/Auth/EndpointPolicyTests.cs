using System.Net;
using System.Text.Json;
using Canvass.Gateway.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Canvass.Gateway.Tests.Auth;

[Collection(AuthHostCollection.Name)]
public class EndpointPolicyTests(AuthHostFixture host)
{
    // What anyone may read: the published list, the documentation, health and metrics, the pages (which sign in).
    private static readonly string[] Public = ["/api/public/", "/case-places", "/docs", "/openapi/", "/health/", "/metrics", "/dashboard", "/wall", "/console", "/service", "/daily", "/screen"];

    [Fact]
    public void Every_api_and_hub_endpoint_names_its_policy_or_says_it_is_public()
    {
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } path && (path.StartsWith("/api", StringComparison.Ordinal) || path.StartsWith("/hubs", StringComparison.Ordinal)))
            .ToList();
        Assert.NotEmpty(endpoints);

        foreach (var endpoint in endpoints)
        {
            var path = endpoint.RoutePattern.RawText!;
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            if (anonymous)
            {
                Assert.True(Public.Any(p => path.StartsWith(p, StringComparison.Ordinal)), $"{path} is public but not meant to be.");
                continue;
            }

            Assert.True(policies.Count > 0, $"{path} names no policy.");
            Assert.All(policies, p => Assert.True(p is not null && Permissions.RolesOf.ContainsKey(p), $"{path}: policy '{p}' is not one of Permissions."));
        }
    }

    [Fact]
    public async Task The_public_list_and_pages_need_no_token()
    {
        using var anonymous = host.Client(null);
        foreach (var path in new[] { "/case-places", "/docs", "/openapi/v1.json", "/health/live" })
        {
            using var response = await anonymous.GetAsync(path);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
        }

        using var list = await anonymous.GetAsync("/api/public/case-places");
        Assert.NotEqual(HttpStatusCode.Unauthorized, list.StatusCode);
    }

    [Fact]
    public async Task A_token_in_the_query_counts_on_the_hub_and_the_stream_only()
    {
        using var anonymous = host.Client(null);

        using var rest = await anonymous.GetAsync($"/api/units/4403?access_token={host.AdminToken}");
        using var stream = await anonymous.GetAsync($"/api/stream?units=4403&access_token={host.AdminToken}", HttpCompletionOption.ResponseHeadersRead);
        using var negotiate = await anonymous.PostAsync($"/hubs/monitor/negotiate?negotiateVersion=1&access_token={host.AdminToken}", null);

        Assert.Equal(HttpStatusCode.Unauthorized, rest.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
    }

    [Fact]
    public async Task The_document_describes_the_bearer_scheme_on_every_operation_but_the_public_list()
    {
        var document = JsonDocument.Parse(await host.Http.GetStringAsync("/openapi/v1.json")).RootElement;

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var secured = operation.Value.TryGetProperty("security", out var security) && security.GetArrayLength() > 0;
                Assert.True(secured != path.Name.StartsWith("/api/public/", StringComparison.Ordinal), $"{operation.Name} {path.Name}: security {secured}");
                if (secured)
                {
                    Assert.True(operation.Value.GetProperty("responses").TryGetProperty("401", out _), $"{operation.Name} {path.Name} documents no 401");
                }
            }
        }
    }
}
