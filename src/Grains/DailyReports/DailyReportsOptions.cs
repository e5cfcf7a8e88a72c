namespace Canvass.Grains.DailyReports;

/// <summary>The daily situation report. Section <c>DailyReports</c>, read by the silos, which publish.</summary>
public sealed class DailyReportsOptions
{
    /// <summary>
    /// Local time (the registry's offset) at which a day's figures are frozen: <c>24:00</c> (the default) is the end
    /// of the day. From <c>00:00</c> to <c>24:00</c>, on a <c>History:Interval</c> boundary, so that the recorder
    /// writes a point exactly at it. A cut-off before 24:00 freezes the day at that time of the same day.
    /// </summary>
    public string CutOff { get; set; } = "24:00";

    /// <summary>
    /// How long after the cut-off the report is frozen, so that every silo's recorder has written the cut-off's
    /// boundary (it writes each interval's points after the interval ends). Default twice <c>History:Interval</c>.
    /// </summary>
    public TimeSpan? Settle { get; set; }

    /// <summary>How often the grain looks whether a cut-off has passed (reads look first anyway). Default 5 s.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}
