using System.Globalization;
using Canvass.Grains.Rollup;
using Canvass.Storage.Settings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Canvass.Grains.Gaps;

/// <summary>
/// When screening started for the whole deployment: the instant from which a never-visited site counts toward its
/// stale alert. Decided once, at the first start of the first silo, and kept in the journal's store, so that every
/// silo and every restart raise that site's alert at the same instant with the same id and the site's version (which
/// counts the alert's steps) does not change when it moves to another silo. Read at silo start, before any grain runs.
/// </summary>
public sealed partial class ScreeningStart(
    IOptions<GapOptions> options,
    IDeploymentSettings settings,
    ScreeningClock clock,
    ILogger<ScreeningStart> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>The setting's name in <see cref="IDeploymentSettings"/>.</summary>
    public const string SettingName = "gaps.screening-start";

    private long _utcTicks;

    /// <summary>The deployment's screening start, in UTC ticks.</summary>
    public long UtcTicks => _utcTicks != 0 ? _utcTicks
        : throw new InvalidOperationException("The screening start is read at silo start, before any grain runs; this silo has not read it.");

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ScreeningStart), ServiceLifecycleStage.ApplicationServices, DecideAsync);

    /// <summary>
    /// A configured <c>Gaps:ScreeningStart</c> wins and is stored, so that silos started later without it, and
    /// restarts, keep it; otherwise the stored one, or now when none is (the deployment's first start).
    /// </summary>
    public async Task DecideAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset start;
        if (options.Value.ScreeningStart is { } configured)
        {
            start = configured.ToUniversalTime();
            await settings.SetAsync(SettingName, Format(start), cancellationToken);
            LogConfigured(start);
        }
        else
        {
            var stored = await settings.GetOrAddAsync(SettingName, Format(clock.UtcNow.ToUniversalTime()), cancellationToken);
            start = DateTimeOffset.Parse(stored, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            LogStored(start);
        }

        _utcTicks = start.UtcTicks;
    }

    private static string Format(DateTimeOffset utc) => utc.ToString("O", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Screening started at {Start:O} (Gaps:ScreeningStart, now the deployment's)")]
    private partial void LogConfigured(DateTimeOffset start);

    [LoggerMessage(Level = LogLevel.Information, Message = "Screening started at {Start:O}, as the deployment's store says")]
    private partial void LogStored(DateTimeOffset start);
}
