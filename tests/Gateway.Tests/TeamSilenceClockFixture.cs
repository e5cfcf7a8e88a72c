namespace Canvass.Gateway.Tests;

/// <summary>
/// The morning clock host for silent teams: the silence sweep looks every 200 ms and sites check time every second
/// (Rollup:StaleCheckInterval), so that alerts follow the clock promptly; an alert escalates after an hour
/// (Gaps:EscalateAfter). The shift and the silent period are the product's defaults: 07:00-19:00 and two hours.
/// </summary>
public sealed class TeamSilenceClockFixture() : MorningClockFixture(["--Rollup:StaleCheckInterval=00:00:01", "--Uploads:CheckInterval=00:00:00.200", $"--Gaps:EscalateAfter={EscalateAfter}"])
{
    public static readonly TimeSpan EscalateAfter = TimeSpan.FromHours(1);
}

[CollectionDefinition(Name)]
public sealed class TeamSilenceClockCollection : ICollectionFixture<TeamSilenceClockFixture>
{
    public const string Name = "team silence clock host";
}
