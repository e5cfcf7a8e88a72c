using System.Net;
using System.Text;
using System.Text.Json;

namespace Canvass.Gateway.Tests.Care;

/// <summary>Quarantine, health check and care bodies as a community worker's app would post them, and the calls that post them.</summary>
internal static class CareBodies
{
    public static Dictionary<string, object?> Quarantine(string id, string site, int household, DateTimeOffset start, TimeSpan length,
        string kind = "homeQuarantine", int residents = 2) => new()
    {
        ["quarantineId"] = id, ["siteId"] = site, ["household"] = household, ["kind"] = kind,
        ["start"] = Reports.At(start), ["plannedEnd"] = Reports.At(start + length), ["residents"] = residents,
    };

    public static Dictionary<string, object?> Check(string id, string site, int household, DateTimeOffset at, params string[] statuses) => new()
    {
        ["checkId"] = id, ["siteId"] = site, ["household"] = household, ["at"] = Reports.At(at),
        ["readings"] = statuses.Select(s => new Dictionary<string, object> { ["status"] = s }).ToArray(),
    };

    public static Dictionary<string, object?> Request(string id, string site, int household, string category, DateTimeOffset? requestedAt = null, string? note = null)
    {
        var item = new Dictionary<string, object?> { ["careId"] = id, ["siteId"] = site, ["household"] = household, ["category"] = category };
        if (requestedAt is { } at)
        {
            item["requestedAt"] = Reports.At(at);
        }

        if (note is not null)
        {
            item["note"] = note;
        }

        return item;
    }

    /// <summary>Posts a batch and reads the ingest reply (asserting a 200).</summary>
    public static async Task<JsonElement> PostBatchAsync(HttpClient http, string path, params object[] items)
    {
        var (status, body) = await PostAsync(http, path, JsonSerializer.Serialize(items));
        Assert.True(status == HttpStatusCode.OK, $"{path}: {(int)status} {body}");
        return body;
    }

    /// <summary>Posts a JSON body (none when null) and reads the answer, whatever its status.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient http, string path, string? json)
    {
        using var response = await http.PostAsync(path, json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>A step on a care request (accept, deliver, cancel) or a quarantine (extend, end) by its path id.</summary>
    public static Task<(HttpStatusCode Status, JsonElement Body)> StepAsync(HttpClient http, string kind, string site, string id, string step, string? json = null) =>
        PostAsync(http, $"/api/{kind}/{Uri.EscapeDataString(CareIds.Format(site, id))}/{step}", json);

    public static string[] Statuses(JsonElement reply) => [.. reply.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString()!)];

    public static string?[] Errors(JsonElement reply) =>
        [.. reply.GetProperty("results").EnumerateArray().Select(r => r.TryGetProperty("error", out var e) ? e.GetString() : null)];
}
