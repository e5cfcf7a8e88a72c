using Canvass.Grains.Screening;
using Canvass.Storage;

namespace Canvass.Grains.Uploads;

/// <summary>
/// Between silent teams and journal rows (kinds 9 and 10 of <see cref="JournalMapping"/>): <c>report_id</c> the team's
/// subject behind <c>t:</c> (so that it never meets a report's id in a duplicate lookup), <c>screener_id</c> the
/// subject, <c>screened_at</c> the event's instant, <c>residents</c> a second instant. A record of any other kind
/// sent by a silent team clears its silence at the site (<see cref="HeardIn"/>), live and on replay alike.
/// </summary>
internal static class SilenceJournal
{
    public const string Prefix = "t:";

    // A silence: since in screened_at, the alert's fact instant (unix ms) in residents.
    public static JournalRecord ToRecord(this TeamWentSilent e, long sequence) =>
        new(sequence, Prefix + e.Subject, 0, e.SinceUtcTicks, 0, e.FactUnixMs, e.Subject, Kind: JournalMapping.TeamSilentKind);

    // Heard from elsewhere: when in screened_at, the silence's since in residents.
    public static JournalRecord ToRecord(this TeamHeardFrom e, long sequence) =>
        new(sequence, Prefix + e.Subject + ":heard", 0, e.HeardAtUtcTicks, 0, e.SinceUtcTicks, e.Subject, Kind: JournalMapping.TeamHeardKind);

    /// <summary>Replays one silence row into the state; false for a kind that is not one.</summary>
    public static bool ApplySilenceTo(this JournalRecord r, SiteState state)
    {
        switch (r.Kind)
        {
            case JournalMapping.TeamSilentKind:
                state.Silences.Apply(new TeamWentSilent(r.ScreenerId, r.ScreenedAtUtcTicks, r.Residents));
                return true;
            case JournalMapping.TeamHeardKind:
                state.Silences.Apply(new TeamHeardFrom(r.ScreenerId, r.Residents, r.ScreenedAtUtcTicks));
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// A record its submitter sent to the site (a report, a checkpoint, care) clears that team's silence here. An
    /// acknowledgement is a supervisor's call, not the team's upload, and silence rows have no submitter.
    /// </summary>
    public static void HeardIn(JournalRecord r, SiteState state)
    {
        if (r.Kind is not (JournalMapping.AcknowledgementKind or JournalMapping.TeamSilentKind or JournalMapping.TeamHeardKind))
        {
            state.Silences.HeardFrom(r.SubmittedBy);
        }
    }
}
