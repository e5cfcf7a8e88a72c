using System.Net;
using System.Text.RegularExpressions;

namespace Canvass.Gateway.Tests;

/// <summary>The web app as the build ships it: pages and bundles from the output's web/ folder, and the root it starts from.</summary>
[Collection(EmbeddedHostCollection.Name)]
public class WebAppTests(EmbeddedHostFixture host)
{
    [Fact]
    public async Task The_registry_root_is_the_city_summary()
    {
        var root = await host.GetJsonAsync("/api/registry/root");

        Assert.Equal("4403", root.GetProperty("id").GetString());
        Assert.Equal("city", root.GetProperty("level").GetString());
        Assert.Equal("深圳市", root.GetProperty("name").GetString());
        Assert.Equal(6568, root.GetProperty("sites").GetInt32());
    }

    [Theory]
    [InlineData("/", "index")]
    [InlineData("/wall?unit=4403", "wall")]
    [InlineData("/console?unit=440304", "console")]
    [InlineData("/service?unit=440304", "service")]
    [InlineData("/screen?site=440304005021-001", "screen")]
    public async Task Pages_are_served_as_html_that_browsers_revalidate(string path, string page)
    {
        using var response = await host.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache, $"{path} must be revalidated so a new build reaches every screen");
        Assert.Matches(BundleReference(page), await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/wall")]
    [InlineData("/console")]
    public async Task Both_views_carry_the_connection_indicator_and_clock(string path)
    {
        var html = await host.Http.GetStringAsync(path);

        Assert.Contains("data-testid=\"connection\"", html);
        Assert.Contains("data-testid=\"clock\"", html);
        Assert.Contains("data-testid=\"as-of\"", html);
        Assert.Contains("data-testid=\"lang\"", html);
    }

    [Theory]
    [InlineData("/wall", "wall", "js", "javascript")]
    [InlineData("/wall", "wall", "css", "text/css")]
    [InlineData("/console", "console", "js", "javascript")]
    [InlineData("/service", "service", "css", "text/css")]
    [InlineData("/daily", "daily", "js", "javascript")]
    [InlineData("/screen", "screen", "js", "javascript")]
    public async Task Hashed_bundles_are_cached_for_a_year(string path, string page, string kind, string contentType)
    {
        var html = await host.Http.GetStringAsync(path);
        var bundle = Regex.Match(html, $"/assets/{page}-[A-Z0-9]+\\.{kind}").Value;

        using var response = await host.Http.GetAsync(bundle);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl?.MaxAge);
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task The_bundles_hold_the_SignalR_client_and_nothing_comes_from_another_host()
    {
        var html = await host.Http.GetStringAsync("/wall");
        var script = await host.Http.GetStringAsync(Regex.Match(html, "/assets/wall-[A-Z0-9]+\\.js").Value);
        var chunks = Regex.Matches(script, "\\./chunk-[A-Z0-9]+\\.js").Select(m => m.Value[1..]).Distinct().ToArray();
        var code = string.Concat(await Task.WhenAll(chunks.Select(c => host.Http.GetStringAsync($"/assets{c}"))));

        Assert.Contains("/hubs/monitor", code + script);
        Assert.Contains("withAutomaticReconnect", code + script);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
    }

    [Fact]
    public async Task The_field_pages_service_worker_and_manifest_are_served_from_the_root_and_revalidated()
    {
        var html = await host.Http.GetStringAsync("/screen");
        Assert.Contains("href=\"/screen.webmanifest\"", html);

        // At the root, so that its scope may be /screen; revalidated, so that a new build's worker is picked up.
        using var worker = await host.Http.GetAsync("/screen-sw.js");
        Assert.Equal(HttpStatusCode.OK, worker.StatusCode);
        Assert.Contains("javascript", worker.Content.Headers.ContentType?.MediaType);
        Assert.True(worker.Headers.CacheControl?.NoCache, "/screen-sw.js must be revalidated");
        Assert.Contains("addEventListener(\"fetch\"", await worker.Content.ReadAsStringAsync());

        using var manifest = await host.Http.GetAsync("/screen.webmanifest");
        Assert.Equal(HttpStatusCode.OK, manifest.StatusCode);
        Assert.Equal("application/manifest+json", manifest.Content.Headers.ContentType?.MediaType);
        using var body = System.Text.Json.JsonDocument.Parse(await manifest.Content.ReadAsStringAsync());
        Assert.Equal("/screen", body.RootElement.GetProperty("start_url").GetString());
        Assert.Equal("/screen", body.RootElement.GetProperty("scope").GetString());

        // A browser offers to install only with icons of 192 and 512 pixels.
        var icons = body.RootElement.GetProperty("icons").EnumerateArray().ToList();
        Assert.Equal(["192x192", "512x512"], icons.Select(i => i.GetProperty("sizes").GetString()));
        foreach (var icon in icons)
        {
            using var image = await host.Http.GetAsync(icon.GetProperty("src").GetString());
            Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
            var png = await image.Content.ReadAsByteArrayAsync();
            var width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16));
            var height = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20));
            Assert.Equal(icon.GetProperty("sizes").GetString(), $"{width}x{height}");
        }
    }

    private static Regex BundleReference(string page) => new($"src=\"/assets/{page}-[A-Z0-9]+\\.js\"");
}
