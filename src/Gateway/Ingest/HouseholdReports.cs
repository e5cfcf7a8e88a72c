using System.Text.Json.Serialization.Metadata;
using Canvass.Abstractions.Screening;
using Canvass.Gateway.Hosting;
using Canvass.Abstractions.Units;
using Canvass.Registry;

namespace Canvass.Gateway.Ingest;

/// <summary>Household screening reports (<c>POST /api/reports</c>): one household's visit, applied by its site.</summary>
public sealed class HouseholdReports : IReportKind<ReportDto, SiteReport>
{
    public JsonTypeInfo<List<ReportDto>> BatchType => WireJson.Context.ListReportDto;

    public JsonTypeInfo<ReportDto> ItemType => WireJson.Context.ReportDto;

    public string IdName => "reportId";

    public string? IdOf(ReportDto dto) => dto.ReportId;

    public string? SiteOf(ReportDto dto) => dto.SiteId;

    public string UploadKind => "reports";

    public DateTimeOffset? ObservedAtOf(ReportDto dto) => dto.ScreenedAt;

    public Task<ReportResult[]> ApplyAsync(ISiteGrain site, SiteReport[] items, string? submittedBy) => site.ApplyAsync(items, submittedBy);

    public Checked<SiteReport> Check(ReportDto dto, RegistryUnit site, ReportTimeBounds times)
    {
        if (CheckFields(dto, site, times) is { } error)
        {
            return Checked<SiteReport>.Refused(error);
        }

        var outcome = ParseOutcome(dto.Outcome)!.Value;
        ResidentCounts? residents = ResidentCounts.Zero;
        if (outcome == ScreeningOutcome.Screened)
        {
            residents = CountResidents(dto.Residents!, out var badResident);
            if (residents is null)
            {
                return Checked<SiteReport>.Refused(badResident);
            }
        }

        return Checked<SiteReport>.Valid(new SiteReport(dto.ReportId!, dto.Household!.Value, dto.ScreenedAt!.Value, dto.ScreenerId!, outcome, residents));
    }

    private static string? CheckFields(ReportDto dto, RegistryUnit site, ReportTimeBounds times)
    {
        if (FieldRules.CheckHousehold(dto.Household, site) is { } badHousehold)
        {
            return badHousehold;
        }

        if (FieldRules.CheckTime("screenedAt", dto.ScreenedAt, times) is { } badTime)
        {
            return badTime;
        }

        if (FieldRules.CheckId("screenerId", dto.ScreenerId) is { } badScreener)
        {
            return badScreener;
        }

        if (ParseOutcome(dto.Outcome) is not { } outcome)
        {
            return $"outcome '{dto.Outcome}' is not one of screened, absent, refused.";
        }

        if (outcome == ScreeningOutcome.Screened && (dto.Residents is null || dto.Residents.Count == 0))
        {
            return "residents is required when the outcome is screened: one entry per resident.";
        }

        if (outcome != ScreeningOutcome.Screened && dto.Residents is { Count: > 0 })
        {
            return $"residents must be empty when the outcome is {dto.Outcome}: nobody was screened.";
        }

        return null;
    }

    private static ScreeningOutcome? ParseOutcome(string? outcome) => outcome switch
    {
        null or "screened" => ScreeningOutcome.Screened,
        "absent" => ScreeningOutcome.Absent,
        "refused" => ScreeningOutcome.Refused,
        _ => null,
    };

    private static ResidentCounts? CountResidents(List<ResidentDto?> residents, out string error)
    {
        Span<long> counts = stackalloc long[ResidentCounts.StatusCount];
        for (var i = 0; i < residents.Count; i++)
        {
            var status = residents[i]?.Status;
            if (ParseStatus(status) is not { } s)
            {
                error = status is null
                    ? $"residents[{i}].status is required."
                    : $"residents[{i}].status '{status}' is not one of normal, fever, keyAreaObservation, homeQuarantine, centralQuarantine, suspected, confirmed.";
                return null;
            }

            if (++counts[(int)s] > ScreeningLimits.MaxResidentsPerHousehold)
            {
                error = $"more than {ScreeningLimits.MaxResidentsPerHousehold} residents of status {status} in one household.";
                return null;
            }
        }

        error = "";
        return ResidentCounts.From(counts);
    }

    private static ResidentStatus? ParseStatus(string? status) => status switch
    {
        "normal" => ResidentStatus.Normal,
        "fever" => ResidentStatus.Fever,
        "keyAreaObservation" => ResidentStatus.KeyAreaObservation,
        "homeQuarantine" => ResidentStatus.HomeQuarantine,
        "centralQuarantine" => ResidentStatus.CentralQuarantine,
        "suspected" => ResidentStatus.Suspected,
        "confirmed" => ResidentStatus.Confirmed,
        _ => null,
    };
}
