using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Canvass.Bench.Output;

/// <summary>Writes a run's result as indented JSON, by default to bench-results/&lt;scenario&gt;-&lt;timestamp&gt;.json.</summary>
public static class ResultFile
{
    public static string Write<T>(string? path, string scenario, DateTimeOffset startedAt, T result, JsonTypeInfo<T> type)
    {
        path ??= Path.Combine("bench-results", $"{scenario}-{startedAt:yyyyMMdd-HHmmss}.json");
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, JsonSerializer.Serialize(result, type) + Environment.NewLine);
        return full;
    }
}

/// <summary>Source-generated serializers for the result files.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IngestResult))]
[JsonSerializable(typeof(FreshnessResult))]
[JsonSerializable(typeof(FanoutResult))]
[JsonSerializable(typeof(Scenarios.StorageResult))]
[JsonSerializable(typeof(Scenarios.CountryResult))]
[JsonSerializable(typeof(Scenarios.CampaignResult))]
public sealed partial class ResultJson : JsonSerializerContext;
