namespace Canvass.Abstractions.Screening;

/// <summary>Bounds that follow from how site state is stored.</summary>
public static class ScreeningLimits
{
    /// <summary>Residents of one status in one household: a site stores each count in a byte.</summary>
    public const int MaxResidentsPerHousehold = 255;
}
