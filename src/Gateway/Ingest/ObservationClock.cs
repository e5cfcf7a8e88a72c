namespace Canvass.Gateway.Ingest;

/// <summary>
/// Screening time as the gateway reads it: the "now" that bounds posted times (<see cref="ScreeningWindow"/>) and
/// stamps a care step or request that gives no time. Its own type, like the silos' <c>ScreeningClock</c>, so that a
/// test host can run screening on a fake clock started in the past while tokens, pushes and limits keep real time.
/// </summary>
public sealed class ObservationClock(TimeProvider time)
{
    public DateTimeOffset UtcNow => time.GetUtcNow();
}
