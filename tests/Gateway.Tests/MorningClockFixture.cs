using Microsoft.Extensions.Time.Testing;

namespace Canvass.Gateway.Tests;

/// <summary>
/// The real host with screening time on a fake clock started at 07:00 in Shenzhen ten days ago; each test takes a
/// day of its own (<see cref="NextMorning"/>) and walks it in moments. Subclasses name the settings they need.
/// </summary>
public abstract class MorningClockFixture(string[] args) : EmbeddedHostFixture(args, clockStart: Morning(DateTimeOffset.UtcNow.AddDays(-10)))
{
    public static readonly TimeSpan Shenzhen = TimeSpan.FromHours(8);

    public FakeTimeProvider Time => Clock!;

    /// <summary>Moves the clock on to 07:00 (Shenzhen) of the next day, so that each test has a day of its own.</summary>
    public DateTimeOffset NextMorning()
    {
        var next = Morning(Time.GetUtcNow().AddDays(1));
        Time.SetUtcNow(next);
        return next;
    }

    /// <summary>Moves the clock on to <paramref name="at"/>.</summary>
    public void MoveTo(DateTimeOffset at) => Time.SetUtcNow(at);

    private static DateTimeOffset Morning(DateTimeOffset day)
    {
        var local = day.ToOffset(Shenzhen);
        return new DateTimeOffset(local.Year, local.Month, local.Day, 7, 0, 0, Shenzhen);
    }
}
