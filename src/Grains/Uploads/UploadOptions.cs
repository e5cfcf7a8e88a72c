namespace Canvass.Grains.Uploads;

/// <summary>When a screening team counts as silent. Section <c>Uploads</c>, read by the silos.</summary>
public sealed class UploadOptions
{
    /// <summary>
    /// The teams' daily shift in registry time, as <c>HH:mm-HH:mm</c> with the end after the start (at most
    /// <c>24:00</c>). Only an upload within it can make its team silent, and its end clears the alert. Default
    /// <c>07:00-19:00</c>.
    /// </summary>
    public string Shift { get; set; } = "07:00-19:00";

    /// <summary>How long a team that uploaded during the shift may send nothing before it is a <c>teamSilent</c> alert. Default 2 h.</summary>
    public TimeSpan SilentAfter { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How often the silos look for teams gone silent, and for silent teams heard from again elsewhere. Default 15 s.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(15);
}
