using System.Text.Json.Serialization.Metadata;
using Canvass.Abstractions.Screening;
using Canvass.Abstractions.Units;
using Canvass.Gateway.Hosting;
using Canvass.Registry;

namespace Canvass.Gateway.Ingest;

/// <summary>Checkpoint (closed-management) reports (<c>POST /api/checkpoints</c>): a site's entrance, applied by its site.</summary>
public sealed class CheckpointReports : IReportKind<CheckpointDto, CheckpointReport>
{
    /// <summary>More checks than this in one report is a typing error, not an entrance's day.</summary>
    public const int MaxTemperatureChecks = 1_000_000;

    public JsonTypeInfo<List<CheckpointDto>> BatchType => WireJson.Context.ListCheckpointDto;

    public JsonTypeInfo<CheckpointDto> ItemType => WireJson.Context.CheckpointDto;

    public string IdName => "reportId";

    public string? IdOf(CheckpointDto dto) => dto.ReportId;

    public string? SiteOf(CheckpointDto dto) => dto.SiteId;

    public string UploadKind => "checkpoints";

    public DateTimeOffset? ObservedAtOf(CheckpointDto dto) => dto.At;

    public Task<ReportResult[]> ApplyAsync(ISiteGrain site, CheckpointReport[] items, string? submittedBy) => site.ApplyCheckpointsAsync(items, submittedBy);

    public Checked<CheckpointReport> Check(CheckpointDto dto, RegistryUnit site, ReportTimeBounds times) =>
        CheckFields(dto, times) is { } error
            ? Checked<CheckpointReport>.Refused(error)
            : Checked<CheckpointReport>.Valid(new CheckpointReport(dto.ReportId!, dto.At!.Value, dto.Closed!.Value, dto.Staffed!.Value, dto.TemperatureChecks!.Value));

    private static string? CheckFields(CheckpointDto dto, ReportTimeBounds times)
    {
        if (FieldRules.CheckTime("at", dto.At, times) is { } badTime)
        {
            return badTime;
        }

        if (dto.Closed is null)
        {
            return "closed is required: true when the site is under closed management.";
        }

        if (dto.Staffed is null)
        {
            return "staffed is required: true when the entrance is staffed.";
        }

        return dto.TemperatureChecks switch
        {
            null => "temperatureChecks is required: the checks done since the previous report (0 for none).",
            < 0 or > MaxTemperatureChecks => $"temperatureChecks {dto.TemperatureChecks} is outside 0..{MaxTemperatureChecks}.",
            _ => null,
        };
    }
}
