using Canvass.Abstractions.Uploads;
using Canvass.Abstractions.Units;
using Canvass.Grains.Rollup;
using Canvass.Registry;
using Canvass.Storage.Uploads;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Canvass.Grains.Uploads;

/// <summary>
/// Watches the screening teams' latest uploads (<see cref="TeamUpload"/>, written with each team's receipt) and tells
/// sites when a team went silent there and when a silent team was heard from elsewhere. Its state is the store's: a
/// restart, a lost call or a dead silo loses nothing, since each look reads what is due again, and every step is
/// idempotent. The site derives the alert (raised at the upload plus <c>Uploads:SilentAfter</c>, cleared at the
/// shift's end) from its journal, so a late look changes no instant the alert shows.
/// </summary>
/// <remarks>
/// One grain for the deployment rather than one per team: ingest then pays no grain call at all (the team's row is
/// one statement more in the receipt's transaction), and nothing per team has to be woken after a restart. Each look
/// reads the teams heard from in the last day, bounded by the teams at work, not by their uploads.
/// </remarks>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed partial class TeamSilenceGrain(
    IUploadStore store,
    TeamShift shift,
    UnitRegistry registry,
    IOptions<UploadOptions> options,
    ScreeningClock clock,
    ILogger<TeamSilenceGrain> logger) : Grain, ITeamSilenceGrain, IRemindable
{
    private const string WakeReminder = "team-silence";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.CheckInterval;
        this.RegisterGrainTimer(CheckAsync, new GrainTimerCreationOptions(interval, interval) { KeepAlive = true });
        // Brings the grain back after its silo died even if nobody calls it (the warm-up calls it at every start).
        await this.RegisterOrUpdateReminder(WakeReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    Task IRemindable.ReceiveReminder(string reminderName, TickStatus status) => CheckAsync();

    public async Task CheckAsync()
    {
        var now = clock.UtcNow;
        IReadOnlyList<TeamUpload> teams;
        try
        {
            // A shift lies within a day: a team not heard from for longer cannot turn silent now, nor come back.
            teams = await store.ListTeamsAsync(now.AddDays(-1));
        }
        catch (Exception e)
        {
            LogReadFailed(e);
            return;
        }

        foreach (var team in teams)
        {
            try
            {
                await HandleAsync(team, now.UtcTicks);
            }
            catch (Exception e)
            {
                // The store still says what is due: the next look tries again.
                LogTeamFailed(e);
            }
        }
    }

    private async Task HandleAsync(TeamUpload team, long now)
    {
        if (team.SilentSince is { } since)
        {
            if (team.ReceivedAt > since)
            {
                // Heard from again, wherever: the site it went silent at clears the alert, then the mark goes.
                if (Site(team.SilentSiteId) is { } silentAt)
                {
                    await silentAt.ClearTeamSilenceAsync(team.Subject, since, team.ReceivedAt);
                }

                await store.UnmarkSilentAsync(team.Subject, since);
            }

            return;
        }

        if (shift.Silence(team.ReceivedAt.UtcTicks) is not { } silence || silence.SilentAt > now || now >= silence.ShiftEnd
            || Site(team.SiteId) is not { } site)
        {
            return;
        }

        // The site first, then the mark: a failure between the two raises again at the next look, which the site ignores.
        await site.RaiseTeamSilenceAsync(team.Subject, team.ReceivedAt);
        if (!await store.MarkSilentAsync(team.Subject, team.ReceivedAt))
        {
            // The team uploaded since this look read it: it is not silent after all.
            await site.ClearTeamSilenceAsync(team.Subject, team.ReceivedAt, clock.UtcNow);
        }
    }

    // A site the registry no longer has keeps no alert.
    private ISiteGrain? Site(string? siteId) =>
        siteId is not null && registry.TryGet(siteId, out var unit) && unit.IsSite ? GrainFactory.GetGrain<ISiteGrain>(siteId) : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The silence sweep could not read the teams' latest uploads; it looks again at its next check")]
    private partial void LogReadFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The silence sweep could not raise or clear a team's silence; it tries again at its next check")]
    private partial void LogTeamFailed(Exception exception);
}
