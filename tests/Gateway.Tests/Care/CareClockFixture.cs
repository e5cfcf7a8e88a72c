using Microsoft.Extensions.Time.Testing;

namespace Canvass.Gateway.Tests.Care;

/// <summary>
/// The real host with screening time on a fake clock, started at 07:00 in Shenzhen ten days ago, so that a test
/// walks a day of due checks and deadlines in moments. Sites check time every second (Rollup:StaleCheckInterval), so
/// that summaries above a site follow the clock promptly; an alert escalates after an hour (Gaps:EscalateAfter).
/// </summary>
public sealed class CareClockFixture : EmbeddedHostFixture
{
    public static readonly TimeSpan Shenzhen = TimeSpan.FromHours(8);

    public static readonly TimeSpan EscalateAfter = TimeSpan.FromHours(1);

    public CareClockFixture()
        : base(["--Rollup:StaleCheckInterval=00:00:01", $"--Gaps:EscalateAfter={EscalateAfter}"], clockStart: Morning(DateTimeOffset.UtcNow.AddDays(-10)))
    {
    }

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

[CollectionDefinition(Name)]
public sealed class CareClockCollection : ICollectionFixture<CareClockFixture>
{
    public const string Name = "care clock host";
}
