namespace Canvass.Grains.Rollup;

/// <summary>
/// The clock that decides staleness. Its own type, so that tests can fake screening time without faking the
/// time Orleans itself runs on.
/// </summary>
public sealed class ScreeningClock(TimeProvider time)
{
    public DateTimeOffset UtcNow => time.GetUtcNow();

    /// <summary>The time behind this clock, for waiting on it (the history recorder's minutes).</summary>
    public TimeProvider Time => time;
}
