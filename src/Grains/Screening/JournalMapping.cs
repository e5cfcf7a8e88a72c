using Canvass.Abstractions.Gaps;
using Canvass.Abstractions.Screening;
using Canvass.Grains.Care;
using Canvass.Grains.Checkpoints;
using Canvass.Grains.Gaps;
using Canvass.Grains.Uploads;
using Canvass.Storage;

namespace Canvass.Grains.Screening;

/// <summary>Between a site's events and the journal's rows; <see cref="JournalRecord.Kind"/> says which event a row is.</summary>
internal static class JournalMapping
{
    public const byte HouseholdKind = 0;
    public const byte CheckpointKind = 1;
    public const byte AcknowledgementKind = 2;

    // Care (see CareJournal): an older version throws on these, so it cannot read a journal that has them.
    public const byte QuarantinePlacedKind = 3;
    public const byte QuarantineExtendedKind = 4;
    public const byte QuarantineEndedKind = 5;
    public const byte HealthCheckKind = 6;
    public const byte CareRequestedKind = 7;
    public const byte CareStepKind = 8;

    // Silent teams (see SilenceJournal); an older version throws on these too.
    public const byte TeamSilentKind = 9;
    public const byte TeamHeardKind = 10;

    private const int ClosedFlag = 1;
    private const int StaffedFlag = 2;

    public static JournalRecord ToRecord(this HouseholdReported e, long sequence) =>
        new(sequence, e.ReportId, e.Household, e.ScreenedAtUtcTicks, (byte)e.Outcome, Pack(e.Residents), e.ScreenerId);

    public static HouseholdReported ToEvent(this JournalRecord r) =>
        new(r.ReportId, r.Household, r.ScreenedAtUtcTicks, (ScreeningOutcome)r.Outcome, Unpack(r.Residents), r.ScreenerId);

    // A checkpoint row: its flags in the household column, its time in screened_at, its checks in residents.
    public static JournalRecord ToRecord(this CheckpointReported e, long sequence) =>
        new(sequence, e.ReportId, (e.Closed ? ClosedFlag : 0) | (e.Staffed ? StaffedFlag : 0), e.AtUtcTicks, 0, e.TemperatureChecks, "",
            Kind: CheckpointKind);

    public static CheckpointReported ToCheckpoint(this JournalRecord r) =>
        new(r.ReportId, r.ScreenedAtUtcTicks, (r.Household & ClosedFlag) != 0, (r.Household & StaffedFlag) != 0, (int)r.Residents);

    // An acknowledgement row: the alert's id as its report id, its key's parts in household, outcome and residents,
    // the name given in screener_id, when in screened_at, the note in detail, the token's subject in submitted_by.
    public static JournalRecord ToRecord(this AlertAcknowledged e, string siteId, long sequence) =>
        new(sequence, e.Key.ToId(siteId), e.Key.Household, e.AtUtcTicks, (byte)e.Key.Kind, e.Key.FactUnixMs, e.By,
            Kind: AcknowledgementKind, Detail: e.Note, SubmittedBy: e.Subject);

    public static AlertAcknowledged ToAcknowledgement(this JournalRecord r) =>
        new(new AlertKey((GapKind)r.Outcome, r.Household, r.Residents), r.ScreenerId, r.Detail ?? "", r.ScreenedAtUtcTicks, r.SubmittedBy);

    /// <summary>Replays one record into a site's state, as recovery does: the event it stands for (and what it says of a silent team), then its day mark.</summary>
    public static void ApplyTo(this JournalRecord record, SiteState state, string siteId)
    {
        switch (record.Kind)
        {
            case HouseholdKind:
                state.Apply(record.ToEvent(), record.AcknowledgedAtUtcTicks);
                break;
            case CheckpointKind:
                state.Apply(record.ToCheckpoint(), record.AcknowledgedAtUtcTicks);
                break;
            case AcknowledgementKind:
                state.Apply(record.ToAcknowledgement());
                break;
            case >= QuarantinePlacedKind and <= CareStepKind:
                record.ApplyCareTo(state);
                break;
            case TeamSilentKind or TeamHeardKind:
                record.ApplySilenceTo(state);
                break;
            default:
                throw new InvalidDataException($"Site {siteId} has journal record {record.Sequence} of kind {record.Kind}, which this version does not know.");
        }

        SilenceJournal.HeardIn(record, state);
        state.Marks.Acknowledged(record.Sequence, record.AcknowledgedAtUtcTicks);
    }

    // One byte per status: a household never has more than 255 residents of one status (ScreeningLimits).
    private static long Pack(ResidentCounts c) =>
        c.Normal | c.Fever << 8 | c.KeyAreaObservation << 16 | c.HomeQuarantine << 24
        | c.CentralQuarantine << 32 | c.Suspected << 40 | c.Confirmed << 48;

    private static ResidentCounts Unpack(long p) =>
        new(p & 0xFF, p >> 8 & 0xFF, p >> 16 & 0xFF, p >> 24 & 0xFF, p >> 32 & 0xFF, p >> 40 & 0xFF, p >> 48 & 0xFF);
}
