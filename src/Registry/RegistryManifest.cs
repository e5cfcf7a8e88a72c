namespace Canvass.Registry;

/// <summary>The JSON manifest that names a registry's root, its level files and its site file.</summary>
internal sealed class RegistryManifest
{
    public string? Name { get; set; }
    public string? UtcOffset { get; set; }
    public ManifestRoot? Root { get; set; }
    public List<ManifestLevel>? Levels { get; set; }
    public string? Sites { get; set; }
}

internal sealed class ManifestRoot
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Level { get; set; }
}

/// <summary>One aggregate level: a CSV with <c>code</c>, <c>name</c> and a column naming each row's parent.</summary>
internal sealed class ManifestLevel
{
    public string? Level { get; set; }
    public string? File { get; set; }
    public string? ParentColumn { get; set; }
}
