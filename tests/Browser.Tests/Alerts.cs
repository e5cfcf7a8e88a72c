using System.Net.Http.Json;
using System.Text.Json;

namespace Canvass.Browser.Tests;

/// <summary>The alert list as the API serves it (<c>GET /api/units/{id}/alerts</c>), to check the page against.</summary>
public static class Alerts
{
    public static async Task<JsonElement[]> ListAsync(HttpClient http, string unitId)
    {
        var list = await http.GetFromJsonAsync<JsonElement>($"/api/units/{Uri.EscapeDataString(unitId)}/alerts?limit=100");
        return [.. list.EnumerateArray()];
    }

    /// <summary>The open alert of a kind at a site, or null.</summary>
    public static async Task<JsonElement?> FindAsync(HttpClient http, string unitId, string siteId, string kind) =>
        (await ListAsync(http, unitId))
            .Where(a => a.GetProperty("siteId").GetString() == siteId && a.GetProperty("kind").GetString() == kind)
            .Select(a => (JsonElement?)a).FirstOrDefault();

    /// <summary>A selector for one alert's element by its id (ids contain ':', fine inside a quoted attribute value).</summary>
    public static string Selector(string id) => $"[data-testid=alert][data-alert-id=\"{id.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"]";
}
