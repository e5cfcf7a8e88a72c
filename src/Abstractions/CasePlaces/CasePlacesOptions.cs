namespace Canvass.Abstractions.CasePlaces;

/// <summary>The daily publication of case places. Section <c>CasePlaces</c>, read by the silos (which publish) and the gateways (which say when the next list is due) alike.</summary>
public sealed class CasePlacesOptions
{
    /// <summary>Local time (the registry's offset) at which the previous day's list is published. Default 14:00.</summary>
    public TimeOnly CutOff { get; set; } = new(14, 0);

    /// <summary>
    /// How often the grain looks whether a cut-off has passed. Reads and marks look first anyway, so a list is never
    /// shown late; this bounds how late it is pushed. Default 5 s.
    /// </summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}
