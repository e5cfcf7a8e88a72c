using System.Net.Http.Json;
using System.Text.Json;

namespace Canvass.Browser.Tests;

/// <summary>Report bodies as a screening app or a checkpoint would post them, and their acknowledgement.</summary>
public static class Reports
{
    private static int _sequence;

    public static string At(DateTimeOffset time) => time.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz");

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}-{Interlocked.Increment(ref _sequence)}";

    public static Dictionary<string, object?> Screened(string siteId, int household, params string[] statuses) => new()
    {
        ["reportId"] = NewId("browser"),
        ["siteId"] = siteId,
        ["household"] = household,
        ["screenedAt"] = At(DateTimeOffset.UtcNow.AddSeconds(-1)),
        ["screenerId"] = "w-88",
        ["outcome"] = "screened",
        ["residents"] = (statuses.Length == 0 ? ["normal"] : statuses).Select(s => new Dictionary<string, string> { ["status"] = s }).ToArray(),
    };

    public static Dictionary<string, object?> Checkpoint(string siteId, DateTimeOffset at, bool closed, bool staffed, int temperatureChecks) => new()
    {
        ["reportId"] = NewId("checkpoint"),
        ["siteId"] = siteId,
        ["at"] = At(at),
        ["closed"] = closed,
        ["staffed"] = staffed,
        ["temperatureChecks"] = temperatureChecks,
    };

    /// <summary>Posts a batch and insists every item was accepted (the reply lists each item's status).</summary>
    public static async Task<JsonElement> PostAcceptedAsync(HttpClient http, string path, params Dictionary<string, object?>[] items)
    {
        using var response = await http.PostAsJsonAsync(path, items);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {body}");
        var reply = JsonDocument.Parse(body).RootElement.Clone();
        Assert.True(reply.GetProperty("accepted").GetInt32() == items.Length, $"POST {path}: not every item accepted: {body}");
        return reply;
    }
}
