namespace Canvass.Gateway.Tests.Care;

/// <summary>
/// The morning clock host for care: a test walks a day of due checks and deadlines in moments. Sites check time
/// every second (Rollup:StaleCheckInterval), so that summaries above a site follow the clock promptly; an alert
/// escalates after an hour (Gaps:EscalateAfter).
/// </summary>
public sealed class CareClockFixture() : MorningClockFixture(["--Rollup:StaleCheckInterval=00:00:01", $"--Gaps:EscalateAfter={EscalateAfter}"])
{
    public static readonly TimeSpan EscalateAfter = TimeSpan.FromHours(1);
}

[CollectionDefinition(Name)]
public sealed class CareClockCollection : ICollectionFixture<CareClockFixture>
{
    public const string Name = "care clock host";
}
