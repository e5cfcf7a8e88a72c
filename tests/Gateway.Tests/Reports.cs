using System.Text.Json;

namespace Canvass.Gateway.Tests;

/// <summary>Report bodies as a screening app would post them.</summary>
internal static class Reports
{
    public static string At(DateTimeOffset time) => time.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz");

    public static Dictionary<string, object?> Screened(string reportId, string siteId, int household, params string[] statuses) => new()
    {
        ["reportId"] = reportId,
        ["siteId"] = siteId,
        ["household"] = household,
        ["screenedAt"] = At(DateTimeOffset.UtcNow.AddSeconds(-1)),
        ["screenerId"] = "w-88",
        ["outcome"] = "screened",
        ["residents"] = statuses.Select(s => new Dictionary<string, string> { ["status"] = s }).ToArray(),
    };

    public static string Json(params object[] reports) => JsonSerializer.Serialize(reports);
}
