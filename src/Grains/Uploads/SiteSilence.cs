using Canvass.Grains.Rollup;
using Canvass.Grains.Screening;

namespace Canvass.Grains.Uploads;

/// <summary>
/// A site grain's calls from the silence sweep: each journals the event (durable before it is applied) and applies the
/// journaled row itself, as a replay would. Both are idempotent, since the sweep repeats a call whose outcome it did
/// not see. Returns whether the site changed; the grain then flushes and snapshots as for every other event.
/// </summary>
internal sealed class SiteSilence(SiteState state, SiteRecords records, TeamShift shift, ScreeningClock clock)
{
    /// <summary>The team is silent since its upload at <paramref name="sinceUtcTicks"/>, its latest, made to this site.</summary>
    public async Task<bool> RaiseAsync(string subject, long sinceUtcTicks)
    {
        // Known already (a call repeated whose answer the sweep did not see), or its shift over: nothing to raise.
        if (state.Silences.Knows(subject, sinceUtcTicks) || shift.Silence(sinceUtcTicks) is not { } silence || clock.UtcNow.UtcTicks >= silence.ShiftEnd)
        {
            return false;
        }

        var row = new TeamWentSilent(subject, sinceUtcTicks, state.Silences.FreeFact(subject, sinceUtcTicks)).ToRecord(records.Sequence + 1);
        await records.AppendAsync(state, [row]);
        row.ApplySilenceTo(state);
        return true;
    }

    /// <summary>The team silent here since <paramref name="sinceUtcTicks"/> uploaded again at <paramref name="heardAtUtcTicks"/>, elsewhere.</summary>
    public async Task<bool> ClearAsync(string subject, long sinceUtcTicks, long heardAtUtcTicks)
    {
        if (!state.Silences.Holds(subject, sinceUtcTicks))
        {
            return false;
        }

        var row = new TeamHeardFrom(subject, sinceUtcTicks, heardAtUtcTicks).ToRecord(records.Sequence + 1);
        await records.AppendAsync(state, [row]);
        row.ApplySilenceTo(state);
        return true;
    }
}
