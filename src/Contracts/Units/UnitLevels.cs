namespace Canvass.Contracts.Units;

/// <summary>
/// Level names that carry meaning in code. Every other level (city, district, province...) is only a name in the registry.
/// </summary>
public static class UnitLevels
{
    /// <summary>The leaf level: a residential compound or an urban village.</summary>
    public const string Site = "site";
}
