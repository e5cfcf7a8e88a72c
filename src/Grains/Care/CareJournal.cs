using System.Globalization;
using Canvass.Grains.Screening;
using Canvass.Storage;

namespace Canvass.Grains.Care;

/// <summary>
/// Between care events and journal rows (kinds 3 to 8 of <see cref="JournalMapping"/>). The columns are the household
/// report's, reused: <c>report_id</c> the client's id behind a prefix (<c>q:</c>, <c>k:</c>, <c>c:</c>) so that it never
/// meets a household report's id in a duplicate lookup, and for steps the step after it; <c>screened_at</c> the
/// event's time; <c>outcome</c> the kind, category or step; <c>residents</c> a packed number; <c>detail</c> the note,
/// reason or resident count; <c>submitted_by</c> the token's subject.
/// </summary>
internal static class CareJournal
{
    public const string QuarantinePrefix = "q:";
    public const string CheckPrefix = "k:";
    public const string CarePrefix = "c:";

    public static JournalRecord ToRecord(this QuarantinePlaced e, long sequence, string? subject) =>
        new(sequence, QuarantinePrefix + e.QuarantineId, e.Household, e.StartTicks, (byte)e.Kind, e.PlannedEndTicks, "",
            Kind: JournalMapping.QuarantinePlacedKind, Detail: e.Residents.ToString(CultureInfo.InvariantCulture), SubmittedBy: subject);

    public static JournalRecord ToRecord(this QuarantineExtended e, long sequence, string? subject) =>
        new(sequence, QuarantinePrefix + e.QuarantineId + ":extend", e.Household, e.AtTicks, 0, e.PlannedEndTicks, "",
            Kind: JournalMapping.QuarantineExtendedKind, SubmittedBy: subject);

    public static JournalRecord ToRecord(this QuarantineEnded e, long sequence, string? subject) =>
        new(sequence, QuarantinePrefix + e.QuarantineId + ":end", e.Household, e.AtTicks, 0, 0, "",
            Kind: JournalMapping.QuarantineEndedKind, SubmittedBy: subject);

    // Residents: normal count, fever count << 8, the highest temperature in tenths of a degree << 16 (0: none taken).
    public static JournalRecord ToRecord(this HealthChecked e, long sequence, string? subject) =>
        new(sequence, CheckPrefix + e.CheckId, e.Household, e.AtTicks, 0,
            (long)(uint)Math.Min(e.Normal, 255) | (long)(uint)Math.Min(e.Fever, 255) << 8 | (long)Math.Round(Math.Clamp(e.MaxTemperature ?? 0, 0, 100) * 10) << 16, "",
            Kind: JournalMapping.HealthCheckKind, SubmittedBy: subject);

    public static JournalRecord ToRecord(this CareRequested e, long sequence) =>
        new(sequence, CarePrefix + e.CareId, e.Household, e.RequestedAtTicks, (byte)e.Category, 0, "",
            Kind: JournalMapping.CareRequestedKind, Detail: e.Note, SubmittedBy: e.Subject);

    public static JournalRecord ToRecord(this CareStepped e, long sequence) =>
        new(sequence, CarePrefix + e.CareId + ":" + e.Step.ToString().ToLowerInvariant(), e.Household, e.AtTicks, (byte)e.Step, 0, "",
            Kind: JournalMapping.CareStepKind, Detail: e.Reason, SubmittedBy: e.Subject);

    /// <summary>Replays one care row into the state; false for a kind that is not care's.</summary>
    public static bool ApplyCareTo(this JournalRecord r, SiteState state)
    {
        var care = state.Care;
        var at = r.AcknowledgedAtUtcTicks;
        switch (r.Kind)
        {
            case JournalMapping.QuarantinePlacedKind:
                care.Apply(new QuarantinePlaced(ClientId(r, QuarantinePrefix), r.Household, (QuarantineKind)r.Outcome, r.ScreenedAtUtcTicks, r.Residents,
                    int.Parse(r.Detail ?? "0", NumberStyles.None, CultureInfo.InvariantCulture)), state.Households, at);
                return true;
            case JournalMapping.QuarantineExtendedKind:
                care.Apply(new QuarantineExtended(ClientId(r, QuarantinePrefix), r.Household, r.Residents, r.ScreenedAtUtcTicks), at);
                return true;
            case JournalMapping.QuarantineEndedKind:
                care.Apply(new QuarantineEnded(ClientId(r, QuarantinePrefix), r.Household, r.ScreenedAtUtcTicks), at);
                return true;
            case JournalMapping.HealthCheckKind:
                var temperature = (r.Residents >> 16) / 10.0;
                care.Apply(new HealthChecked(ClientId(r, CheckPrefix), r.Household, r.ScreenedAtUtcTicks, (int)(r.Residents & 0xFF), (int)(r.Residents >> 8 & 0xFF),
                    temperature == 0 ? null : temperature), at);
                return true;
            case JournalMapping.CareRequestedKind:
                care.Apply(new CareRequested(ClientId(r, CarePrefix), r.Household, (CareCategory)r.Outcome, r.Detail, r.ScreenedAtUtcTicks, r.SubmittedBy), state.Households, at);
                return true;
            case JournalMapping.CareStepKind:
                care.Apply(new CareStepped(ClientId(r, CarePrefix), r.Household, (CareStep)r.Outcome, r.ScreenedAtUtcTicks, r.Detail, r.SubmittedBy), at);
                return true;
            default:
                return false;
        }
    }

    // The client's id: after the prefix, and for extend, end and steps before the last colon the mapping added.
    private static string ClientId(JournalRecord r, string prefix)
    {
        var id = r.ReportId[prefix.Length..];
        return r.Kind is JournalMapping.QuarantinePlacedKind or JournalMapping.HealthCheckKind or JournalMapping.CareRequestedKind
            ? id
            : id[..id.LastIndexOf(':')];
    }
}
