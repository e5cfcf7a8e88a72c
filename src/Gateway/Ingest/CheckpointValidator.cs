using Canvass.Abstractions.Screening;
using Canvass.Gateway.Auth;
using Canvass.Registry;

namespace Canvass.Gateway.Ingest;

/// <summary>Checks one posted checkpoint report against the registry and the clock.</summary>
public sealed class CheckpointValidator(UnitRegistry registry)
{
    /// <summary>More checks than this in one report is a typing error, not an entrance's day.</summary>
    public const int MaxTemperatureChecks = 1_000_000;

    /// <param name="times">The times of observation the deployment accepts now (see <see cref="ScreeningWindow"/>).</param>
    /// <param name="scope">The unit whose sites the sender may report for: a site outside it (or any site, when null) is refused as unknown.</param>
    public bool TryValidate(CheckpointDto dto, RegistryUnit? scope, ReportTimeBounds times, out CheckpointReport report, out string error)
    {
        report = null!;
        error = Check(dto, scope, times) ?? "";
        if (error.Length > 0)
        {
            return false;
        }

        report = new CheckpointReport(dto.ReportId!, dto.At!.Value, dto.Closed!.Value, dto.Staffed!.Value, dto.TemperatureChecks!.Value);
        return true;
    }

    private string? Check(CheckpointDto dto, RegistryUnit? scope, ReportTimeBounds times)
    {
        if (FieldRules.CheckId("reportId", dto.ReportId) is { } badId)
        {
            return badId;
        }

        if (string.IsNullOrWhiteSpace(dto.SiteId))
        {
            return "siteId is required.";
        }

        if (!registry.TryGet(dto.SiteId, out var site) || !site.IsSite || !scope.Contains(site))
        {
            return $"site '{dto.SiteId}' is not a site of the registry.";
        }

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
