using System.Text.Json.Serialization.Metadata;
using Canvass.Abstractions.Care;
using Canvass.Abstractions.Screening;
using Canvass.Abstractions.Units;
using Canvass.Gateway.Hosting;
using Canvass.Registry;

namespace Canvass.Gateway.Ingest;

/// <summary>Health checks of quarantined households (<c>POST /api/health-checks</c>), applied by their sites.</summary>
public sealed class HealthCheckReports : IReportKind<HealthCheckDto, HealthCheck>
{
    /// <summary>The range of a body temperature a thermometer reads (°C); outside it the reading is a typing error.</summary>
    public const double MinTemperature = 34, MaxTemperature = 43;

    public JsonTypeInfo<List<HealthCheckDto>> BatchType => WireJson.Context.ListHealthCheckDto;

    public JsonTypeInfo<HealthCheckDto> ItemType => WireJson.Context.HealthCheckDto;

    public string IdName => "checkId";

    public string? IdOf(HealthCheckDto dto) => dto.CheckId;

    public string? SiteOf(HealthCheckDto dto) => dto.SiteId;

    public string UploadKind => "healthChecks";

    public DateTimeOffset? ObservedAtOf(HealthCheckDto dto) => dto.At;

    public Task<ReportResult[]> ApplyAsync(ISiteGrain site, HealthCheck[] items, string? submittedBy) => site.ApplyHealthChecksAsync(items, submittedBy);

    public Checked<HealthCheck> Check(HealthCheckDto dto, RegistryUnit site, ReportTimeBounds times)
    {
        var error = FieldRules.CheckHousehold(dto.Household, site) ?? FieldRules.CheckTime("at", dto.At, times);
        if (error is null && dto.Readings is not { Count: > 0 })
        {
            error = "readings is required: one entry per resident checked.";
        }

        if (error is null && dto.Readings!.Count > ScreeningLimits.MaxResidentsPerHousehold)
        {
            error = $"readings has {dto.Readings.Count} entries; at most {ScreeningLimits.MaxResidentsPerHousehold} residents are checked in one household.";
        }

        if (error is not null)
        {
            return Checked<HealthCheck>.Refused(error);
        }

        var readings = new HealthReading[dto.Readings!.Count];
        for (var i = 0; i < readings.Length; i++)
        {
            var reading = dto.Readings[i];
            if (!WireValues<ReadingStatus>.TryParse(reading?.Status, out var status))
            {
                return Checked<HealthCheck>.Refused(WireValues<ReadingStatus>.Refusal($"readings[{i}].status", reading?.Status));
            }

            if (reading!.Temperature is { } t && (double.IsNaN(t) || t < MinTemperature || t > MaxTemperature))
            {
                return Checked<HealthCheck>.Refused($"readings[{i}].temperature {t} is outside {MinTemperature}..{MaxTemperature} °C.");
            }

            readings[i] = new HealthReading(status, reading.Temperature);
        }

        return Checked<HealthCheck>.Valid(new HealthCheck(dto.CheckId!, dto.Household!.Value, dto.At!.Value, readings));
    }
}
