using Canvass.Abstractions.Screening;
using Canvass.Storage;

namespace Canvass.Grains.Screening;

/// <summary>Between a site's events and the journal's rows.</summary>
internal static class JournalMapping
{
    public static JournalRecord ToRecord(this HouseholdReported e, long sequence) =>
        new(sequence, e.ReportId, e.Household, e.ScreenedAtUtcTicks, (byte)e.Outcome, Pack(e.Residents), e.ScreenerId);

    public static HouseholdReported ToEvent(this JournalRecord r) =>
        new(r.ReportId, r.Household, r.ScreenedAtUtcTicks, (ScreeningOutcome)r.Outcome, Unpack(r.Residents), r.ScreenerId);

    // One byte per status: a household never has more than 255 residents of one status (ScreeningLimits).
    private static long Pack(ResidentCounts c) =>
        c.Normal | c.Fever << 8 | c.KeyAreaObservation << 16 | c.HomeQuarantine << 24
        | c.CentralQuarantine << 32 | c.Suspected << 40 | c.Confirmed << 48;

    private static ResidentCounts Unpack(long p) =>
        new(p & 0xFF, p >> 8 & 0xFF, p >> 16 & 0xFF, p >> 24 & 0xFF, p >> 32 & 0xFF, p >> 40 & 0xFF, p >> 48 & 0xFF);
}
