using System.Net;
using System.Net.Sockets;
using System.Text;
using Canvass.Gateway.Auth;

namespace Canvass.Gateway.Tests.Auth;

/// <summary>The development command that mints tokens, and what becomes of a token sent in a URL.</summary>
[Collection(AuthHostCollection.Name)]
public class TokenCommandTests(AuthHostFixture host)
{
    [Fact]
    public async Task The_token_command_prints_a_token_the_service_accepts_for_its_unit_only()
    {
        var (code, output, error) = await SiloProcess.RunAsync("token", "--role", "display", "--unit", "440304", $"--Auth:SigningKey={host.Key}");

        Assert.True(code == 0, error);
        var token = output.Trim();
        Assert.Equal(3, token.Split('.').Length);
        Assert.Contains("Role display, unit 440304 (福田区)", error);
        using var display = host.Client(token);
        using var futian = await display.GetAsync("/api/units/440304");
        using var nanshan = await display.GetAsync("/api/units/440305");
        using var submit = await display.PostAsync("/api/reports", new StringContent("[]", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, futian.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, nanshan.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, submit.StatusCode);
    }

    [Fact]
    public async Task The_token_command_mints_a_service_token_of_one_site_that_reaches_its_care_only()
    {
        var (code, output, error) = await SiloProcess.RunAsync("token", "--role", "service", "--unit", host.SiteInside, "--subject", "property-desk", $"--Auth:SigningKey={host.Key}");

        Assert.True(code == 0, error);
        using var service = host.Client(output.Trim());
        using var care = await service.GetAsync($"/api/units/{host.SiteInside}/care");
        using var summary = await service.GetAsync($"/api/units/{host.SiteInside}");
        Assert.Equal(HttpStatusCode.OK, care.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, summary.StatusCode);
    }

    [Theory]
    [InlineData("--role", "viewer", "--unit", "4403", "usage: token --role")]
    [InlineData("--role", "display", "--unit", "9999", "--unit '9999' is not in the registry")]
    [InlineData("--role", "display", "--unit", "4403", "--lifetime", "forever", "--lifetime 'forever' must be")]
    public async Task The_token_command_refuses_what_it_cannot_mint_saying_why(params string[] args)
    {
        var (code, output, error) = await SiloProcess.RunAsync(["token", .. args[..^1], $"--Auth:SigningKey={host.Key}"]);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains(args[^1], error);
    }

    [Fact]
    public async Task A_token_sent_in_the_query_is_never_written_to_the_log_even_at_trace_level()
    {
        var key = SigningKeys.NewKey();
        var port = Ports.Free();
        var data = Directory.CreateTempSubdirectory("canvass-log-");
        var log = new StringBuilder();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var server = SiloProcess.Serve(log, started, "--urls", $"http://127.0.0.1:{port}", $"--Silo:SiloPort={Ports.Free()}", $"--Silo:GatewayPort={Ports.Free()}",
            $"--Storage:SqlitePath={Path.Combine(data.FullName, "canvass.db")}", $"--Auth:SigningKey={key}",
            "--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft=Trace", "--Logging:LogLevel:Microsoft.AspNetCore=Trace");
        try
        {
            var keyBytes = new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(Convert.FromBase64String(key));
            var token = new TokenIssuer(new AuthOptions(), keyBytes, TimeProvider.System).Mint("logged", Roles.Admin, "4403", TimeSpan.FromHours(1)).Token;
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            await started.Task.WaitAsync(TimeSpan.FromMinutes(1));
            // Started is not ready: until the gateway has loaded the revoked tokens it refuses every token.
            await Eventually.UntilAsync(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, "the server ready");

            using var negotiate = await http.PostAsync($"/hubs/monitor/negotiate?negotiateVersion=1&access_token={token}", null);
            using var stream = await http.GetAsync($"/api/stream?units=4403&access_token={token}", HttpCompletionOption.ResponseHeadersRead);
            using var refused = await http.GetAsync($"/api/units/4403?access_token={token}");
            Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
            Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            stream.Dispose();

            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            string written;
            lock (log)
            {
                written = log.ToString();
            }

            // The log is there and detailed (trace lines of the requests), and the token is in none of it.
            Assert.Contains("/api/units/4403", written);
            Assert.DoesNotContain(token, written);
            Assert.DoesNotContain(token.Split('.')[2], written);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }

            data.Delete(recursive: true);
        }
    }

}
