using System.Text.Json;
using System.Text.Json.Serialization;

namespace Canvass.Registry;

/// <summary>The JSON manifest that names a registry's root, its level files and where its sites come from.</summary>
internal sealed class RegistryManifest
{
    public string? Name { get; set; }
    public string? UtcOffset { get; set; }
    public ManifestRoot? Root { get; set; }
    public List<ManifestLevel>? Levels { get; set; }
    public ManifestSites? Sites { get; set; }

    /// <summary>How often the root sweeps the tree, for a registry whose size makes the one-minute default too often.</summary>
    public TimeSpan? SweepInterval { get; set; }
}

internal sealed class ManifestRoot
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Level { get; set; }
}

/// <summary>
/// One aggregate level: a CSV with <c>code</c>, <c>name</c> and a column naming each row's parent; without
/// <c>parentColumn</c>, every row's parent is the root.
/// </summary>
internal sealed class ManifestLevel
{
    public string? Level { get; set; }
    public string? File { get; set; }
    public string? ParentColumn { get; set; }
}

/// <summary>
/// <c>"sites": "file.csv"</c> names a site file; <c>"sites": { "generate": { … } }</c> generates the sites of the
/// lowest level at load time, for a registry whose site file would be too large to ship.
/// </summary>
[JsonConverter(typeof(ManifestSitesConverter))]
internal sealed class ManifestSites
{
    public string? File { get; set; }
    public SiteGeneration? Generate { get; set; }
}

internal sealed class ManifestSitesConverter : JsonConverter<ManifestSites>
{
    public override ManifestSites? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new ManifestSites { File = reader.GetString() };
        }

        var body = JsonSerializer.Deserialize<SitesObject>(ref reader, options)
            ?? throw new JsonException("\"sites\" is neither a file name nor an object.");
        return new ManifestSites { File = body.File, Generate = body.Generate };
    }

    public override void Write(Utf8JsonWriter writer, ManifestSites value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, new SitesObject { File = value.File, Generate = value.Generate }, options);

    private sealed class SitesObject
    {
        public string? File { get; set; }
        public SiteGeneration? Generate { get; set; }
    }
}
