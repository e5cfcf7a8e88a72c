using System.Text.Json.Serialization.Metadata;
using Canvass.Abstractions.Care;
using Canvass.Abstractions.Screening;
using Canvass.Abstractions.Units;
using Canvass.Gateway.Hosting;
using Canvass.Registry;

namespace Canvass.Gateway.Ingest;

/// <summary>Quarantines of households (<c>POST /api/quarantines</c>), applied by their sites.</summary>
public sealed class QuarantineReports : IReportKind<QuarantineDto, QuarantinePlacement>
{
    /// <summary>A longer planned quarantine is a typing error (a year for a day), not a plan.</summary>
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(366);

    public JsonTypeInfo<List<QuarantineDto>> BatchType => WireJson.Context.ListQuarantineDto;

    public JsonTypeInfo<QuarantineDto> ItemType => WireJson.Context.QuarantineDto;

    public string IdName => "quarantineId";

    public string? IdOf(QuarantineDto dto) => dto.QuarantineId;

    public string? SiteOf(QuarantineDto dto) => dto.SiteId;

    public string UploadKind => "quarantines";

    public DateTimeOffset? ObservedAtOf(QuarantineDto dto) => dto.Start;

    public string? PathIdOf(QuarantineDto dto) => CareIds.Format(dto.SiteId!, dto.QuarantineId!);

    public Task<ReportResult[]> ApplyAsync(ISiteGrain site, QuarantinePlacement[] items, string? submittedBy) => site.ApplyQuarantinesAsync(items, submittedBy);

    public Checked<QuarantinePlacement> Check(QuarantineDto dto, RegistryUnit site, ReportTimeBounds times)
    {
        if (FieldRules.CheckHousehold(dto.Household, site) is { } badHousehold)
        {
            return Checked<QuarantinePlacement>.Refused(badHousehold);
        }

        if (!WireValues<QuarantineKind>.TryParse(dto.Kind, out var kind))
        {
            return Checked<QuarantinePlacement>.Refused(WireValues<QuarantineKind>.Refusal("kind", dto.Kind));
        }

        if (FieldRules.CheckTime("start", dto.Start, times) is { } badStart)
        {
            return Checked<QuarantinePlacement>.Refused(badStart);
        }

        if (dto.PlannedEnd is not { } end)
        {
            return Checked<QuarantinePlacement>.Refused("plannedEnd is required: when the quarantine is planned to end.");
        }

        if (end <= dto.Start!.Value)
        {
            return Checked<QuarantinePlacement>.Refused($"plannedEnd {end:O} is not after start {dto.Start.Value:O}.");
        }

        if (end - dto.Start.Value > MaxLength)
        {
            return Checked<QuarantinePlacement>.Refused($"plannedEnd {end:O} is more than {MaxLength.TotalDays:0} days after start.");
        }

        return dto.Residents switch
        {
            null => Checked<QuarantinePlacement>.Refused("residents is required: how many residents are under quarantine."),
            < 1 or > ScreeningLimits.MaxResidentsPerHousehold => Checked<QuarantinePlacement>.Refused($"residents {dto.Residents} is outside 1..{ScreeningLimits.MaxResidentsPerHousehold}."),
            _ => Checked<QuarantinePlacement>.Valid(new QuarantinePlacement(dto.QuarantineId!, dto.Household!.Value, kind, dto.Start.Value, end, dto.Residents.Value)),
        };
    }
}
