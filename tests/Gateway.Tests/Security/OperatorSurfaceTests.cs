using System.Net;
using Canvass.Gateway.Auth;
using Canvass.Silo.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Canvass.Gateway.Tests.Security;

/// <summary>The dashboard needs an admin token, /metrics answers on the management port alone, and health says its status only.</summary>
[Collection(SecurityHostCollection.Name)]
public class OperatorSurfaceTests(SecurityHostFixture host)
{
    [Fact]
    public async Task The_dashboard_is_refused_without_a_token_and_to_a_display_and_opens_to_an_admin()
    {
        using var anonymous = host.Client(null);
        using var refused = await anonymous.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("admin token", await refused.Content.ReadAsStringAsync());
        using var data = await anonymous.GetAsync("/dashboard/DashboardCounters");
        Assert.Equal(HttpStatusCode.Unauthorized, data.StatusCode);

        using var display = host.Client(host.Token(Roles.Display, "4403"));
        using var forbidden = await display.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        using var admin = host.Client(host.AdminToken);
        using var page = await admin.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Orleans", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Signing_in_to_the_dashboard_puts_the_admin_token_in_a_cookie_of_its_path_that_its_pages_then_send()
    {
        using var handler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false };
        using var browser = new HttpClient(handler) { BaseAddress = host.BaseAddress };

        using var signIn = await browser.GetAsync($"/dashboard/?access_token={host.AdminToken}");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/dashboard/", signIn.Headers.Location?.OriginalString);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"{DashboardSignIn.Cookie}={host.AdminToken};", cookie);
        Assert.Contains("path=/dashboard", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        using var counters = new HttpRequestMessage(HttpMethod.Get, "/dashboard/DashboardCounters");
        counters.Headers.Add("Cookie", $"{DashboardSignIn.Cookie}={host.AdminToken}");
        using var answered = await browser.SendAsync(counters);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);

        // A display's token in the cookie is no admin's: the cookie carries the token's rights, no more.
        using var asDisplay = new HttpRequestMessage(HttpMethod.Get, "/dashboard/DashboardCounters");
        asDisplay.Headers.Add("Cookie", $"{DashboardSignIn.Cookie}={host.Token(Roles.Display, "4403")}");
        using var forbidden = await browser.SendAsync(asDisplay);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        using var notAdmin = await browser.GetAsync($"/dashboard/?access_token={host.Token(Roles.Supervisor, "4403")}");
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
        Assert.False(notAdmin.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Metrics_answer_on_the_management_port_alone_which_serves_nothing_else()
    {
        using var publicPort = host.Client(host.AdminToken);
        using var notHere = await publicPort.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.NotFound, notHere.StatusCode);

        using var management = new HttpClient { BaseAddress = host.ManagementAddress };
        using var metrics = await management.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("# TYPE", await metrics.Content.ReadAsStringAsync());
        using var live = await management.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        foreach (var path in new[] { "/api/units/4403", "/dashboard/", "/hubs/monitor/negotiate?negotiateVersion=1", "/wall", "/openapi/v1.json" })
        {
            using var request = new HttpRequestMessage(path.StartsWith("/hubs", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Get, path);
            request.Headers.Authorization = new("Bearer", host.AdminToken);
            using var response = await management.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} on the management port: {(int)response.StatusCode}");
        }

        // The Host header is the client's to write: it does not make the public port a management one.
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        spoofed.Headers.Host = host.ManagementAddress.Authority;
        using var stillNotHere = await publicPort.SendAsync(spoofed);
        Assert.Equal(HttpStatusCode.NotFound, stillNotHere.StatusCode);
    }

    [Fact]
    public async Task Liveness_and_readiness_are_open_and_answer_their_status_word_alone()
    {
        using var anonymous = host.Client(null);
        foreach (var path in new[] { "/health/live", "/health/ready" })
        {
            using var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task The_dashboard_opens_without_a_token_only_under_the_local_development_switch()
    {
        using var data = new TempFolder();
        await using var app = SiloHost.Build(
        [
            "--urls", "http://127.0.0.1:0", $"--Silo:SiloPort={Ports.Free()}", $"--Silo:GatewayPort={Ports.Free()}",
            "--Logging:LogLevel:Default=Warning", $"--Storage:SqlitePath={Path.Combine(data.Path, "canvass.db")}",
            $"--Auth:SigningKey={SigningKeys.NewKey()}", "--Silo:DashboardAnonymous=true",
        ]);
        await app.StartAsync();
        try
        {
            using var anonymous = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            using var page = await anonymous.GetAsync("/dashboard/");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            // The switch opens the dashboard alone, not the API.
            using var api = await anonymous.GetAsync("/api/units/4403");
            Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private sealed class TempFolder : IDisposable
    {
        private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("canvass-security-");

        public string Path => _folder.FullName;

        public void Dispose() => _folder.Delete(recursive: true);
    }
}
