using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Canvass.Browser.Tests;

/// <summary>The wall's figures (<c>data-value</c> of each element in the DOM contract) against a summary from the API.</summary>
public static class WallFigures
{
    private static readonly string[] Statuses =
        ["normal", "fever", "keyAreaObservation", "homeQuarantine", "centralQuarantine", "suspected", "confirmed"];

    private static readonly (string TestId, string Property)[] Care =
    [
        ("checks-missed", "checksMissed"), ("checks-done", "checksDone"), ("checks-due-today", "checksDueToday"),
        ("care-overdue", "careOverdue"), ("care-open", "careOpen"), ("care-delivered-today", "careDeliveredToday"),
    ];

    /// <summary>
    /// Every element the contract names, with the number the summary holds for it; the figures issue 5 adds
    /// (closed sites, alerts, temperature checks) only where the API already serves them.
    /// </summary>
    public static Dictionary<string, double> Expected(JsonElement unit, IEnumerable<JsonElement> children)
    {
        var figures = new Dictionary<string, double>
        {
            ["[data-testid=coverage]"] = unit.GetProperty("coverage").GetDouble(),
            ["[data-testid=screened]"] = unit.GetProperty("screenedHouseholds").GetDouble(),
            ["[data-testid=registered]"] = unit.GetProperty("registeredHouseholds").GetDouble(),
            ["[data-testid=stale-sites]"] = unit.GetProperty("staleSites").GetDouble(),
        };
        foreach (var (testId, property) in new[] { ("sites-closed", "closedSites"), ("open-alerts", "openAlerts"), ("temperature-checks", "temperatureChecksLastHour") })
        {
            if (unit.TryGetProperty(property, out var value))
            {
                figures[$"[data-testid={testId}]"] = value.GetDouble();
            }
        }

        // The care strip (issue 15): sealed households are both kinds of open quarantine.
        var quarantined = unit.GetProperty("quarantinedHouseholds");
        var home = quarantined.GetProperty("homeQuarantine").GetDouble();
        var keyArea = quarantined.GetProperty("keyAreaObservation").GetDouble();
        figures["[data-testid=sealed-households]"] = home + keyArea;
        figures["[data-testid=quarantined-home]"] = home;
        figures["[data-testid=quarantined-key-area]"] = keyArea;
        foreach (var (testId, property) in Care)
        {
            figures[$"[data-testid={testId}]"] = unit.GetProperty(property).GetDouble();
        }

        var residents = unit.GetProperty("residents");
        foreach (var status in Statuses)
        {
            figures[$"[data-testid=residents-{status}]"] = residents.GetProperty(status).GetDouble();
        }

        foreach (var child in children)
        {
            var tile = $"[data-testid=tile][data-unit=\"{child.GetProperty("id").GetString()}\"]";
            figures[tile] = child.GetProperty("coverage").GetDouble();
            // The tile's care mark counts what is behind: missed checks and overdue requests.
            figures[$"{tile} .flag-care"] = child.GetProperty("checksMissed").GetDouble() + child.GetProperty("careOverdue").GetDouble();
        }

        return figures;
    }

    /// <summary>Lists each element whose <c>data-value</c> is missing or differs (coverage to within its 4 places).</summary>
    private const string Mismatches = """
        (expected) => Object.entries(expected).flatMap(([selector, want]) => {
          const element = document.querySelector(selector);
          const raw = element?.getAttribute('data-value');
          const got = raw == null ? NaN : Number(raw);
          return Math.abs(got - want) < 0.00005 ? [] : [selector + ': page ' + raw + ', API ' + want];
        })
        """;

    /// <summary>Waits until the page shows exactly these figures; fails listing the ones that differ.</summary>
    public static async Task WaitForAsync(IPage page, Dictionary<string, double> expected, TimeSpan timeout)
    {
        try
        {
            await page.WaitForFunctionAsync($"(expected) => ({Mismatches})(expected).length === 0", expected,
                new PageWaitForFunctionOptions { Timeout = (float)timeout.TotalMilliseconds, PollingInterval = 100 });
        }
        catch (TimeoutException)
        {
            var wrong = await page.EvaluateAsync<string[]>(Mismatches, expected);
            Assert.Fail($"after {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s the wall differs from the API: {string.Join("; ", wrong)}");
        }
    }
}
