namespace Canvass.Grains.Rollup;

/// <summary>
/// The clock that decides staleness. Its own type, so that tests can fake screening time without faking the
/// time Orleans itself runs on.
/// </summary>
public sealed class ScreeningClock(TimeProvider time)
{
    public DateTimeOffset UtcNow => time.GetUtcNow();
}
