namespace Canvass.Registry;

/// <summary>Where the registry comes from. Section <c>Registry</c>.</summary>
public sealed class RegistryOptions
{
    /// <summary>
    /// Path of the registry manifest (<c>registry.json</c>); relative paths are resolved against the application's
    /// folder first, then the working directory. Default: the Shenzhen registry shipped with the application.
    /// </summary>
    public string Path { get; set; } = "data/shenzhen/registry.json";
}
