using System.Text.Json.Serialization.Metadata;
using Canvass.Abstractions.Care;
using Canvass.Abstractions.Screening;
using Canvass.Abstractions.Units;
using Canvass.Gateway.Hosting;
using Canvass.Registry;

namespace Canvass.Gateway.Ingest;

/// <summary>Care requests of households (<c>POST /api/care</c>), applied by their sites.</summary>
public sealed class CareRequests : IReportKind<CareRequestDto, CareRequestItem>
{
    public JsonTypeInfo<List<CareRequestDto>> BatchType => WireJson.Context.ListCareRequestDto;

    public JsonTypeInfo<CareRequestDto> ItemType => WireJson.Context.CareRequestDto;

    public string IdName => "careId";

    public string? IdOf(CareRequestDto dto) => dto.CareId;

    public string? SiteOf(CareRequestDto dto) => dto.SiteId;

    public string UploadKind => "care";

    public DateTimeOffset? ObservedAtOf(CareRequestDto dto) => dto.RequestedAt;

    public string? PathIdOf(CareRequestDto dto) => CareIds.Format(dto.SiteId!, dto.CareId!);

    public Task<ReportResult[]> ApplyAsync(ISiteGrain site, CareRequestItem[] items, string? submittedBy) => site.ApplyCareRequestsAsync(items, submittedBy);

    public Checked<CareRequestItem> Check(CareRequestDto dto, RegistryUnit site, ReportTimeBounds times)
    {
        if (FieldRules.CheckHousehold(dto.Household, site) is { } badHousehold)
        {
            return Checked<CareRequestItem>.Refused(badHousehold);
        }

        if (!WireValues<CareCategory>.TryParse(dto.Category, out var category))
        {
            return Checked<CareRequestItem>.Refused(WireValues<CareCategory>.Refusal("category", dto.Category));
        }

        if (FieldRules.CheckNote("note", dto.Note) is { } badNote)
        {
            return Checked<CareRequestItem>.Refused(badNote);
        }

        // Absent: it was requested as it arrived (a late upload or a backdated test gives the time it was asked for).
        if (dto.RequestedAt is not null && FieldRules.CheckTime("requestedAt", dto.RequestedAt, times) is { } badTime)
        {
            return Checked<CareRequestItem>.Refused(badTime);
        }

        var note = string.IsNullOrWhiteSpace(dto.Note) ? null : dto.Note.Trim();
        return Checked<CareRequestItem>.Valid(new CareRequestItem(dto.CareId!, dto.Household!.Value, category, note, dto.RequestedAt ?? times.Now));
    }
}
