using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Canvass.Gateway.Auth;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Canvass.Browser.Tests;

/// <summary>
/// The README's run command, <c>--simulate</c>, in a real process of its own (not the shared cluster, whose figures
/// the other tests count exactly): its care shows on the wall within minutes, at the compressed check times.
/// </summary>
public sealed class SimulationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_simulation_seals_households_found_by_screening_checks_them_every_ten_minutes_and_the_wall_shows_them()
    {
        var folder = Directory.CreateTempSubdirectory("canvass-simulate-");
        var key = SigningKeys.NewKey();
        var silo = new ServerProcess("silo-simulate", "Canvass.Silo.dll", folder.FullName, "--simulate", "300",
            $"--Storage:SqlitePath={Path.Combine(folder.FullName, "canvass.db")}", "--Silo:Dashboard=false",
            $"--Silo:SiloPort={Ports.Free()}", $"--Silo:GatewayPort={Ports.Free()}",
            $"--Cluster:ClusterId=simulate{Guid.NewGuid():N}"[..30], $"--Auth:SigningKey={key}", "--Logging:LogLevel:Default=Warning");
        var (playwright, browser) = await Chromium.LaunchAsync();
        try
        {
            await silo.StartAsync(TimeSpan.FromSeconds(120));
            var issuer = new TokenIssuer(new AuthOptions(), SigningKeys.Resolve(new AuthOptions { SigningKey = key })!, TimeProvider.System);
            var token = issuer.Mint("browser-simulation", Roles.Admin, "4403", TimeSpan.FromHours(1)).Token;
            using var http = new HttpClient { BaseAddress = silo.Url, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

            // Follow-ups of fever findings come within seconds at 300 reports/s; each seals its household.
            var city = await Eventually.UntilAsync(() => http.GetFromJsonAsync<JsonElement>("/api/units/4403"),
                c => Sealed(c) > 0, "the city to count a sealed household", TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(1));
            output.WriteLine($"city: {Sealed(city)} sealed households, {city.GetProperty("checksDueToday")} checks due today");

            var quarantines = await http.GetFromJsonAsync<JsonElement>("/api/units/4403/quarantines?limit=20");
            var first = quarantines.EnumerateArray().First();
            output.WriteLine($"a quarantine: {first}");
            Assert.StartsWith("sim-q-", first.GetProperty("quarantineId").GetString());
            var start = first.GetProperty("start").GetDateTimeOffset();
            var due = first.GetProperty("nextCheckDueAt").GetDateTimeOffset();
            // --simulate sets Care:CheckTimes to every 10 minutes: the first check is due within 10 minutes of the start.
            Assert.True(due > start && due <= start.AddMinutes(10), $"first check due {due:O} for a quarantine from {start:O}");
            Assert.Equal(0, due.Minute % 10);

            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = silo.Url.ToString(), ViewportSize = new ViewportSize { Width = 1920, Height = 1080 }, Locale = "en-US",
            });
            var wall = await Pages.OpenAsync(context, "/wall?unit=4403", token, output);
            await Expect(Pages.ByTestId(wall, "sealed-households")).Not.ToHaveAttributeAsync("data-value", "0");
            await Expect(Pages.ByTestId(wall, "checks-due-today")).Not.ToHaveAttributeAsync("data-value", "0");
            await Pages.ScreenshotAsync(wall, "wall-simulation", output);
        }
        catch
        {
            output.WriteLine(silo.Tail());
            throw;
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
            await silo.DisposeAsync();
            folder.Delete(recursive: true);
        }
    }

    private static long Sealed(JsonElement unit)
    {
        var quarantined = unit.GetProperty("quarantinedHouseholds");
        return quarantined.GetProperty("homeQuarantine").GetInt64() + quarantined.GetProperty("keyAreaObservation").GetInt64();
    }
}
